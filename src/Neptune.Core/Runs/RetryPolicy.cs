namespace Neptune.Runs;

/// <summary>
/// When a failed step is tried again, as data, so every host (Temporal activity options, the in-process
/// loop, Hangfire jobs) applies the same rule.
/// </summary>
/// <param name="MaximumAttempts">Total attempts including the first; 0 means unlimited.</param>
/// <param name="InitialInterval">Delay before the second attempt.</param>
/// <param name="BackoffCoefficient">Each further delay is the previous one times this.</param>
/// <param name="MaximumInterval">Upper bound of a delay.</param>
/// <param name="NonRetryable">Failures never retried, whatever the attempt count.</param>
public sealed record RetryPolicy(int MaximumAttempts, TimeSpan InitialInterval, double BackoffCoefficient, TimeSpan MaximumInterval, IReadOnlyList<RunOutcome> NonRetryable)
{
    /// <summary>Whether a step that failed with <paramref name="failure"/> on attempt <paramref name="attempt"/> (1-based) runs again.</summary>
    public bool ShouldRetry(RunOutcome failure, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (NonRetryable.Contains(failure))
        {
            return false;
        }

        return MaximumAttempts == 0 || attempt < MaximumAttempts;
    }

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based); deterministic, no jitter.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = InitialInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaximumInterval.Ticks ? MaximumInterval : TimeSpan.FromTicks((long)ticks);
    }
}
