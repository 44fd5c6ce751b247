using Neptune.Aws.S3;

namespace Neptune.Aws.Tests.S3;

/// <summary>Start-up checks of Neptune:S3, each naming its key.</summary>
public sealed class S3StoreOptionsValidatorTests
{
    private static string[] Failures(S3StoreOptions options) =>
        new S3StoreOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Defaults_with_a_bucket_are_valid()
    {
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "neptune-state" }));
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "my.bucket-1", ServiceUrl = "http://127.0.0.1:4568", Prefix = "/a/b/", ForcePathStyle = true }));
    }

    [Theory]
    [InlineData(null, "Neptune:S3:Bucket is required")]
    [InlineData(" ", "Neptune:S3:Bucket is required")]
    [InlineData("Upper_Case", "Neptune:S3:Bucket 'Upper_Case' is not a valid bucket name")]
    [InlineData("ab", "Neptune:S3:Bucket 'ab' is not a valid bucket name")]
    public void Bad_buckets_are_named(string? bucket, string message) =>
        Assert.Contains(Failures(new S3StoreOptions { Bucket = bucket }), f => f.StartsWith(message, StringComparison.Ordinal));

    [Fact]
    public void Bad_endpoint_prefix_and_retries_are_named()
    {
        var failures = Failures(new S3StoreOptions
        {
            Bucket = "ok-bucket",
            ServiceUrl = "127.0.0.1:4568",
            Prefix = "a//b",
            JobLogPrefix = "logs//x",
            MaxAttempts = 0,
            InitialRetryDelay = TimeSpan.FromSeconds(-1),
            MaxRetryDelay = TimeSpan.FromSeconds(-2),
        });

        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:ServiceUrl '127.0.0.1:4568' must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:Prefix 'a//b'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:JobLogPrefix 'logs//x'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:MaxAttempts must be at least 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:InitialRetryDelay must not be negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:S3:MaxRetryDelay", StringComparison.Ordinal));
    }
}
