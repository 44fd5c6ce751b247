using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Telemetry;
using Octokit;

namespace Neptune.GitHub.Api;

/// <summary>
/// Runs one GitHub call, retrying transient failures: server errors (5xx), <c>429 Too Many Requests</c>,
/// secondary rate limits, primary rate limits that reset soon, and network errors. It waits as long as
/// GitHub's <c>Retry-After</c> header asks, otherwise backs off exponentially, and after
/// <see cref="GitHubOptions.MaxAttempts"/> attempts throws the last error. Other errors are thrown at once.
/// </summary>
public sealed class GitHubRetry
{
    private readonly GitHubOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GitHubRetry> _logger;

    /// <summary>Creates the helper; <paramref name="timeProvider"/> times the waits.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitHubRetry(IOptions<GitHubOptions> options, TimeProvider timeProvider, ILogger<GitHubRetry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = GitHubOptionsGuard.Validated(options.Value);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="call"/>, retrying transient failures.</summary>
    /// <param name="operation">Names the call in logs, e.g. <c>create check run</c>.</param>
    /// <param name="call">The call; it must be safe to repeat.</param>
    /// <param name="cancellationToken">Cancels the call and any wait.</param>
    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (attempt < _options.MaxAttempts && RetryDelay(error, attempt, cancellationToken) is { } delay)
            {
                _logger.LogWarning(
                    "GitHub call '{Operation}' failed on attempt {Attempt} of {MaxAttempts} ({Failure}); retrying in {Delay}.",
                    operation,
                    attempt,
                    _options.MaxAttempts,
                    Describe(error),
                    delay);
                if (NeptuneTelemetry.GitHubRetries.Enabled)
                {
                    NeptuneTelemetry.GitHubRetries.Add(1, new KeyValuePair<string, object?>(NeptuneTelemetry.OperationTag, operation));
                }

                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How long to wait before retrying after <paramref name="error"/>, or <see langword="null"/> when it is not transient.</summary>
    internal TimeSpan? RetryDelay(Exception error, int attempt, CancellationToken cancellationToken)
    {
        var backoff = Backoff(attempt);
        switch (error)
        {
            case SecondaryRateLimitExceededException secondary:
                // GitHub asks to wait at least a minute when it gives no Retry-After.
                return RetryAfter(secondary.HttpResponse) ?? Max(backoff, TimeSpan.FromMinutes(1));
            case RateLimitExceededException primary:
                if (RetryAfter(primary.HttpResponse) is { } retryAfter)
                {
                    return retryAfter;
                }

                var untilReset = primary.Reset - _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1);
                return untilReset <= _options.RetryMaxDelay ? Max(untilReset, TimeSpan.Zero) : null;
            case ApiException api when api.StatusCode == HttpStatusCode.TooManyRequests || (int)api.StatusCode >= 500:
                return RetryAfter(api.HttpResponse) ?? backoff;
            case HttpRequestException:
                return backoff;
            case TaskCanceledException when !cancellationToken.IsCancellationRequested:
                return backoff; // the HTTP client's own timeout
            default:
                return null;
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= _options.RetryMaxDelay.Ticks ? _options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan? RetryAfter(IResponse? response)
    {
        if (response?.Headers is not { } headers)
        {
            return null;
        }

        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Max(at - _timeProvider.GetUtcNow(), TimeSpan.Zero);
            }
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    private static string Describe(Exception error) => error switch
    {
        ApiException api => $"{(int)api.StatusCode} {api.StatusCode}: {api.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
