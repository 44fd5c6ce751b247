using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.GitHub.Api;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Neptune.GitHub.Tests;

/// <summary>An in-process fake of GitHub's REST API on 127.0.0.1 and a free port.</summary>
public sealed class FakeGitHub : IDisposable
{
    public const string Token = "ghp_fake_token";

    public FakeGitHub()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    }

    public WireMockServer Server { get; }

    /// <summary>The API base URL with a path, like GitHub Enterprise's, so tests prove no segment is lost or added.</summary>
    public string ApiUrl => Server.Urls[0].TrimEnd('/') + "/api/v3/";

    public const string ApiPath = "/api/v3";

    public SignallingTimeProvider Time { get; } = new();

    public GitHubOptions Options(int maxAttempts = 3) => new()
    {
        ApiUrl = ApiUrl,
        Token = Token,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        NeptuneBaseUrl = "https://neptune.example.com/",
    };

    public GitHubRetry Retry(GitHubOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<GitHubRetry>.Instance);

    public Octokit.IGitHubClient Client(GitHubOptions options) =>
        new GitHubClientFactory(Microsoft.Extensions.Options.Options.Create(options)).Create();

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public void Dispose() => Server.Stop();
}

/// <summary>A fake clock that says when a timer (a retry wait) was created.</summary>
public sealed class SignallingTimeProvider : FakeTimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits (in real time, bounded) until a retry wait has started.</summary>
    public async Task WaitForTimerAsync()
    {
        Assert.True(await _timers.WaitAsync(TimeSpan.FromSeconds(10)), "No retry wait started within 10 seconds.");
    }
}
