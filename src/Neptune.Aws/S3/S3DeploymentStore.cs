using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Aws.S3;

/// <summary>
/// Keeps each target's latest deployment as one JSON object at
/// <c>&lt;prefix&gt;/&lt;owner&gt;/&lt;repo&gt;/&lt;root&gt;/deployment.json</c> (spec §4.6), the same layout the file store uses.
/// A missing object means the target was never deployed; other errors are retried with backoff, then surfaced.
/// </summary>
public sealed class S3DeploymentStore : IDeploymentStore
{
    private readonly S3Objects objects;
    private readonly string? prefix;

    /// <summary>Creates a store over <paramref name="client"/> with the bucket, prefix and retries of <paramref name="options"/>.</summary>
    /// <param name="client">The S3 client (see <see cref="S3ClientFactory"/>).</param>
    /// <param name="options">Bucket, prefix and retry settings.</param>
    /// <param name="time">Clock of the retry waits; <see langword="null"/> means the system clock.</param>
    /// <param name="logger">Where retried failures are logged.</param>
    public S3DeploymentStore(IAmazonS3 client, IOptions<S3StoreOptions> options, TimeProvider? time = null, ILogger<S3DeploymentStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        objects = new S3Objects(client, options.Value, time ?? TimeProvider.System, logger ?? NullLogger<S3DeploymentStore>.Instance);
        prefix = options.Value.Prefix;
    }

    /// <summary>The object key of a target's record.</summary>
    public string KeyOf(DeployTarget target) => StoreKeys.Deployment(prefix, target);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The stored record is not a latest deployment (not retried: reading it again would not help).</exception>
    public async Task<LatestDeployment?> GetLatestAsync(DeployTarget target, CancellationToken cancellationToken)
    {
        var key = KeyOf(target);
        using var response = await objects.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            return LatestDeploymentJson.Deserialize(buffer.ToArray());
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The latest deployment object s3://{objects.Bucket}/{key} is unreadable: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task SaveLatestAsync(LatestDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);

        // A PUT replaces the object whole: readers see the old record or the new one, never half of one.
        using var content = new MemoryStream(LatestDeploymentJson.Serialize(deployment), writable: false);
        await objects.PutAsync(KeyOf(deployment.Target), content, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
