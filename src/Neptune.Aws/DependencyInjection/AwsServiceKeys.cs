namespace Neptune.Aws;

/// <summary>Keys of the keyed services the AWS adapters resolve, so an application can supply its own.</summary>
public static class AwsServiceKeys
{
    /// <summary>
    /// Register an <see cref="Amazon.Runtime.AWSCredentials"/> under this key to sign S3 and SNS calls with it;
    /// without one the SDK's default chain is used (environment, profile, container or instance role).
    /// </summary>
    public const string Credentials = "Neptune.Aws.Credentials";

    /// <summary>Register an <see cref="Amazon.S3.IAmazonS3"/> under this key before <c>UseS3</c> to use it instead of one built from <c>Neptune:S3</c>.</summary>
    public const string S3Client = "Neptune.Aws.S3Client";
}
