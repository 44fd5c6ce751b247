namespace Neptune.Aws.Retries;

/// <summary>The retry settings checks the S3 and SNS option validators share.</summary>
internal static class RetryOptionChecks
{
    /// <summary>Adds a failure per invalid setting under <paramref name="section"/> (for example <c>Neptune:S3</c>).</summary>
    public static void Check(List<string> failures, string section, int maxAttempts, TimeSpan initialDelay, TimeSpan maxDelay, string keyPrefix = "")
    {
        if (maxAttempts < 1)
        {
            failures.Add($"{section}:{keyPrefix}MaxAttempts must be at least 1 (it is {maxAttempts}).");
        }

        if (initialDelay < TimeSpan.Zero)
        {
            failures.Add($"{section}:{keyPrefix}InitialRetryDelay must not be negative (it is {initialDelay}).");
        }

        if (maxDelay < initialDelay)
        {
            failures.Add($"{section}:{keyPrefix}MaxRetryDelay ({maxDelay}) must not be shorter than {section}:{keyPrefix}InitialRetryDelay ({initialDelay}).");
        }
    }
}
