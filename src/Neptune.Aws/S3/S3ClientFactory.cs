using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Neptune.Aws.S3;

/// <summary>Creates the <see cref="IAmazonS3"/> client the S3 stores use from <see cref="S3StoreOptions"/>.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for the configured endpoint. Its own retries are off: the stores retry with their
    /// <see cref="S3StoreOptions.MaxAttempts"/> and backoff instead, so there is one policy, not two stacked.
    /// Checksums are only computed when S3 requires them, which keeps S3-compatible servers working.
    /// </summary>
    /// <param name="options">Endpoint, region and path style.</param>
    /// <param name="credentials">Credentials to sign with; <see langword="null"/> uses the SDK's default chain (environment, profile, container or instance role).</param>
    public static IAmazonS3 Create(S3StoreOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            MaxErrorRetry = 0,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            if (!string.IsNullOrWhiteSpace(options.Region))
            {
                config.AuthenticationRegion = options.Region;
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
