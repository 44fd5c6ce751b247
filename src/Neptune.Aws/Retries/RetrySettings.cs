namespace Neptune.Aws.Retries;

/// <summary>How often and how patiently an AWS call is tried before its error is surfaced.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included (at least 1).</param>
/// <param name="InitialDelay">The wait after the first failure; each later wait doubles.</param>
/// <param name="MaxDelay">The longest wait between two attempts.</param>
internal sealed record RetrySettings(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): exponential, capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var ticks = Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
