using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Hosting.InProcess.Stores;

/// <summary>
/// Keeps each target's latest deployment as a JSON file at the spec's key layout
/// (<c>&lt;root&gt;/owner/repo/root/deployment.json</c>), so the files can later be copied to S3 unchanged.
/// </summary>
public sealed class FileDeploymentStore : IDeploymentStore
{
    private readonly string root;

    /// <summary>Creates a store under <paramref name="root"/> (created on first write).</summary>
    public FileDeploymentStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        this.root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public async Task<LatestDeployment?> GetLatestAsync(DeployTarget target, CancellationToken cancellationToken)
    {
        var path = PathOf(target);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return LatestDeploymentJson.Deserialize(bytes);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The latest deployment file '{path}' is unreadable: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task SaveLatestAsync(LatestDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var path = PathOf(deployment.Target);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write aside and rename so a crash never leaves half a file where the latest deployment should be.
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, LatestDeploymentJson.Serialize(deployment), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(DeployTarget target) =>
        Path.Combine(root, StoreKeys.Deployment(null, target).Replace('/', Path.DirectorySeparatorChar));
}
