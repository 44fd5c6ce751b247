using Microsoft.Extensions.Logging;

namespace Neptune.Aws.Retries;

/// <summary>Runs a call again after transient failures, waiting on an injected <see cref="TimeProvider"/> so tests need not sleep.</summary>
internal static class Backoff
{
    /// <summary>
    /// Runs <paramref name="call"/> until it succeeds, a failure is not <paramref name="retryable"/>, or the
    /// attempts run out; the last failure is then thrown as it is. Cancellation of <paramref name="cancellationToken"/> is never retried.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call,
        Func<Exception, bool> retryable,
        RetrySettings settings,
        TimeProvider time,
        ILogger logger,
        string what,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < settings.MaxAttempts && !cancellationToken.IsCancellationRequested && retryable(e))
            {
                var delay = settings.DelayAfter(attempt);
                logger.LogWarning(e, "{What} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}.", what, attempt, settings.MaxAttempts, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
