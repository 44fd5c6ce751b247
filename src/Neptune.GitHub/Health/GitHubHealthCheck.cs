using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Api;

namespace Neptune.GitHub.Health;

/// <summary>
/// Whether GitHub's REST API (<see cref="GitHubOptions.ApiUrl"/>) answers: any HTTP answer below 500 within
/// <see cref="Timeout"/> is healthy. Otherwise the registration's failure status, Degraded as <c>UseGitHub</c>
/// registers it: Neptune keeps deploying what it has queued and retries GitHub calls, so a GitHub outage degrades it
/// rather than taking it down. The probe sends no credentials, so no token can leak through it.
/// </summary>
internal sealed class GitHubHealthCheck : IHealthCheck, IDisposable
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "github";

    /// <summary>How long the probe waits for an answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Uri _apiUrl;
    private readonly HttpClient _http;

    public GitHubHealthCheck(IOptions<GitHubOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apiUrl = options.Value.ApiBaseUri();
        _http = new HttpClient { Timeout = Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(GitHubClientFactory.ProductName); // GitHub refuses requests without one

        // A new connection per probe: a kept-alive one could answer after the route to GitHub is gone.
        _http.DefaultRequestHeaders.ConnectionClose = true;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Dictionary<string, object> { ["url"] = _apiUrl.ToString() };
        try
        {
            using var response = await _http.GetAsync(_apiUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            data["status"] = status;
            return status < 500
                ? HealthCheckResult.Healthy($"GitHub answered {status}.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"GitHub answered {status}; calls are retried until it recovers.", data: data);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"GitHub is not reachable at {_apiUrl}: {e.Message}", e, data);
        }
    }

    public void Dispose() => _http.Dispose();
}
