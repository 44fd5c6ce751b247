using Neptune.Aws.Sns;

namespace Neptune.Aws.Tests.Sns;

/// <summary>Start-up checks of the SNS settings under Neptune:Audit, each naming its key.</summary>
public sealed class SnsAuditOptionsValidatorTests
{
    private static string[] Failures(SnsAuditOptions options) =>
        new SnsAuditOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Theory]
    [InlineData("arn:aws:sns:eu-west-1:123456789012:neptune-audit")]
    [InlineData("arn:aws:sns:eu-west-1:123456789012:neptune-audit.fifo")]
    [InlineData("arn:aws-cn:sns:cn-north-1:123456789012:audit")]
    public void Topic_arns_are_accepted(string arn) => Assert.Empty(Failures(new SnsAuditOptions { SnsTopicArn = arn }));

    [Theory]
    [InlineData(null, "Neptune:Audit:SnsTopicArn is required")]
    [InlineData("neptune-audit", "Neptune:Audit:SnsTopicArn 'neptune-audit' is not an SNS topic ARN")]
    [InlineData("arn:aws:sqs:eu-west-1:123456789012:queue", "Neptune:Audit:SnsTopicArn 'arn:aws:sqs:eu-west-1:123456789012:queue' is not an SNS topic ARN")]
    [InlineData("arn:aws:sns:eu-west-1:1234:topic", "Neptune:Audit:SnsTopicArn 'arn:aws:sns:eu-west-1:1234:topic' is not an SNS topic ARN")]
    public void Bad_topics_are_named(string? arn, string message) =>
        Assert.Contains(Failures(new SnsAuditOptions { SnsTopicArn = arn }), f => f.StartsWith(message, StringComparison.Ordinal));

    [Fact]
    public void Bad_endpoint_region_and_retries_are_named()
    {
        var failures = Failures(new SnsAuditOptions
        {
            SnsTopicArn = "arn:aws:sns:eu-west-1:123456789012:t",
            SnsServiceUrl = "sns.local",
            SnsRegion = " ",
            SnsMaxAttempts = 0,
            SnsInitialRetryDelay = TimeSpan.FromSeconds(5),
            SnsMaxRetryDelay = TimeSpan.FromSeconds(1),
        });

        Assert.Contains(failures, f => f.StartsWith("Neptune:Audit:SnsServiceUrl 'sns.local' must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Audit:SnsRegion is blank", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Audit:SnsMaxAttempts must be at least 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Audit:SnsMaxRetryDelay", StringComparison.Ordinal));
    }
}
