using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Neptune.Aws.Retries;

namespace Neptune.Aws.S3;

/// <summary>Checks <see cref="S3StoreOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed partial class S3StoreOptionsValidator : IValidateOptions<S3StoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            failures.Add("Neptune:S3:Bucket is required: name the bucket that keeps latest deployments and job logs.");
        }
        else if (!BucketName().IsMatch(options.Bucket))
        {
            failures.Add($"Neptune:S3:Bucket '{options.Bucket}' is not a valid bucket name: use 3 to 63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit.");
        }

        if (options.ServiceUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Neptune:S3:ServiceUrl '{url}' must be an absolute http or https URL, for example http://127.0.0.1:4568.");
        }

        CheckPrefix(failures, "Neptune:S3:Prefix", options.Prefix);
        CheckPrefix(failures, "Neptune:S3:JobLogPrefix", options.JobLogPrefix);
        RetryOptionChecks.Check(failures, "Neptune:S3", options.MaxAttempts, options.InitialRetryDelay, options.MaxRetryDelay);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPrefix(List<string> failures, string key, string? prefix)
    {
        if (prefix is not null && prefix.Trim('/').Contains("//", StringComparison.Ordinal))
        {
            failures.Add($"{key} '{prefix}' has an empty path segment ('//'): write it as segments separated by single slashes, for example neptune/prod.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
