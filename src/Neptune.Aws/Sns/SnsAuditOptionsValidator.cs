using Microsoft.Extensions.Options;
using Neptune.Aws.Retries;

namespace Neptune.Aws.Sns;

/// <summary>Checks <see cref="SnsAuditOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class SnsAuditOptionsValidator : IValidateOptions<SnsAuditOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SnsAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SnsTopicArn))
        {
            failures.Add("Neptune:Audit:SnsTopicArn is required: the topic apply audit events go to, for example arn:aws:sns:eu-west-1:123456789012:neptune-audit.");
        }
        else if (SnsTopic.TryParse(options.SnsTopicArn) is null)
        {
            failures.Add($"Neptune:Audit:SnsTopicArn '{options.SnsTopicArn}' is not an SNS topic ARN: write arn:aws:sns:<region>:<12-digit account>:<topic name>.");
        }

        if (options.SnsServiceUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Neptune:Audit:SnsServiceUrl '{url}' must be an absolute http or https URL, for example https://sns.eu-west-1.amazonaws.com/.");
        }

        if (options.SnsRegion is { } region && string.IsNullOrWhiteSpace(region))
        {
            failures.Add("Neptune:Audit:SnsRegion is blank: remove it to use the topic ARN's region, or name a region such as eu-west-1.");
        }

        RetryOptionChecks.Check(failures, "Neptune:Audit", options.SnsMaxAttempts, options.SnsInitialRetryDelay, options.SnsMaxRetryDelay, keyPrefix: "Sns");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
