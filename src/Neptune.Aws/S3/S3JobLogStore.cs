using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Aws.S3;

/// <summary>
/// Keeps finished job logs as one object per job at <c>&lt;prefix&gt;/&lt;jobId&gt;</c> (spec §9). Logs are streamed
/// both ways: a log that cannot be re-read is spooled to a temporary file (so a retry can send it again), never
/// held whole in memory, and reading returns S3's response stream.
/// </summary>
public sealed class S3JobLogStore : IJobLogStore
{
    private const int CopyBufferSize = 81920;
    private readonly S3Objects objects;
    private readonly string? prefix;

    /// <summary>Creates a store over <paramref name="client"/> with the bucket, job log prefix and retries of <paramref name="options"/>.</summary>
    /// <param name="client">The S3 client (see <see cref="S3ClientFactory"/>).</param>
    /// <param name="options">Bucket, prefix and retry settings.</param>
    /// <param name="time">Clock of the retry waits; <see langword="null"/> means the system clock.</param>
    /// <param name="logger">Where retried failures are logged.</param>
    public S3JobLogStore(IAmazonS3 client, IOptions<S3StoreOptions> options, TimeProvider? time = null, ILogger<S3JobLogStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        objects = new S3Objects(client, options.Value, time ?? TimeProvider.System, logger ?? NullLogger<S3JobLogStore>.Instance);
        prefix = options.Value.EffectiveJobLogPrefix;
    }

    /// <summary>The object key of a job's log.</summary>
    public string KeyOf(Guid jobId) => StoreKeys.JobLog(prefix, jobId);

    /// <inheritdoc />
    public async Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        const string contentType = "text/plain; charset=utf-8";
        if (content is { CanSeek: true, Position: 0 })
        {
            await objects.PutAsync(KeyOf(jobId), content, contentType, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Forward-only (or already partly read: the SDK sends a seekable stream from its start): copy what is left aside.
        var spool = Path.Combine(Path.GetTempPath(), $"neptune-joblog-{jobId}-{Guid.NewGuid():N}.tmp");
        await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await content.CopyToAsync(file, CopyBufferSize, cancellationToken).ConfigureAwait(false);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await objects.PutAsync(KeyOf(jobId), file, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The returned stream reads from S3 as it is read; disposing it releases the connection.</remarks>
    public async Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var response = await objects.GetAsync(KeyOf(jobId), cancellationToken).ConfigureAwait(false);
        return response?.ResponseStream;
    }
}
