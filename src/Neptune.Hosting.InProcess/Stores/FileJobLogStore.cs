using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Hosting.InProcess.Stores;

/// <summary>Keeps finished job logs as one file per job, named by the job id, under a folder.</summary>
public sealed class FileJobLogStore : IJobLogStore
{
    private readonly string root;

    /// <summary>Creates a store under <paramref name="root"/> (created on first write).</summary>
    public FileJobLogStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        this.root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public async Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(root);
        var path = PathOf(jobId);
        var temp = path + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A full disk leaves half a file: do not keep it taking the space the next try needs.
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var path = PathOf(jobId);
        Stream? stream = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    private string PathOf(Guid jobId) => Path.Combine(root, StoreKeys.JobLog(null, jobId) + ".log");
}
