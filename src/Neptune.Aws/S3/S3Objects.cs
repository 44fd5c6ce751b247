using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Neptune.Aws.Retries;

namespace Neptune.Aws.S3;

/// <summary>
/// The object calls both S3 stores make: a missing key is an answer (<see langword="null"/>), any other
/// error is retried with backoff and then surfaced.
/// </summary>
internal sealed class S3Objects
{
    private readonly IAmazonS3 client;
    private readonly RetrySettings retry;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public S3Objects(IAmazonS3 client, S3StoreOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        this.client = client;
        Bucket = options.Bucket;
        retry = new RetrySettings(Math.Max(1, options.MaxAttempts), options.InitialRetryDelay, options.MaxRetryDelay);
        this.time = time;
        this.logger = logger;
    }

    public string Bucket { get; }

    /// <summary>Opens an object for reading, or returns <see langword="null"/> when the key does not exist (S3's <c>NoSuchKey</c>).</summary>
    /// <remarks>A missing bucket is an error, never "no object": it must not look like a first deployment.</remarks>
    public Task<GetObjectResponse?> GetAsync(string key, CancellationToken cancellationToken) =>
        Backoff.RunAsync<GetObjectResponse?>(
            async ct =>
            {
                try
                {
                    return await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, ct).ConfigureAwait(false);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
                {
                    return null;
                }
            },
            IsRetryable,
            retry,
            time,
            logger,
            $"Reading s3://{Bucket}/{key}",
            cancellationToken);

    /// <summary>
    /// Writes an object from all of <paramref name="content"/>, which must be seekable: each attempt rewinds it and
    /// sends it again (the SDK always sends a seekable stream from its beginning). The SDK reads it as it sends,
    /// so a large body is never held in memory.
    /// </summary>
    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        Backoff.RunAsync(
            async ct =>
            {
                content.Position = 0;
                var request = new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    InputStream = content,
                    AutoCloseStream = false,
                    ContentType = contentType,

                    // Chunk signatures are part of S3's protocol, but S3-compatible servers store them in the body.
                    UseChunkEncoding = false,
                };
                return await client.PutObjectAsync(request, ct).ConfigureAwait(false);
            },
            IsRetryable,
            retry,
            time,
            logger,
            $"Writing s3://{Bucket}/{key}",
            cancellationToken);

    /// <summary>
    /// Outages, throttling, timeouts, even a 403 while a role is being fixed are worth another try; a bad argument
    /// is not. Cancellation by the caller is never retried (<see cref="Backoff"/> checks its token).
    /// </summary>
    private static bool IsRetryable(Exception e) => e is not ArgumentException;
}
