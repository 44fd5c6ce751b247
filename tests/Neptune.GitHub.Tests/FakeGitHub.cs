using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.GitHub.Api;
using Neptune.GitHub.Auth;
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

    // A fixed, realistic now: token expiries are computed from it.
    public SignallingTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public GitHubOptions Options(int maxAttempts = 3) => new()
    {
        ApiUrl = ApiUrl,
        Token = Token,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        NeptuneBaseUrl = "https://neptune.example.com/",
    };

    public const long AppId = 424242;

    /// <summary>Options for GitHub App auth with <see cref="AppKey"/>'s key file.</summary>
    public GitHubOptions AppOptions(int maxAttempts = 3)
    {
        var options = Options(maxAttempts);
        options.Token = null;
        options.AppId = AppId;
        options.PrivateKeyPath = AppKey.Path;
        return options;
    }

    public GitHubInstallationTokens InstallationTokens(GitHubOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), Retry(options), Time);

    /// <summary>A factory for <paramref name="options"/>: token mode, or App mode with its own installation tokens.</summary>
    public GitHubClientFactory Clients(GitHubOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), options.UsesApp ? InstallationTokens(options) : null);

    /// <summary>Answers the installation lookup of <paramref name="repo"/> with <paramref name="installationId"/>.</summary>
    public void StubInstallation(string repo, long installationId) =>
        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{ApiPath}/repos/{repo}/installation").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"id":{{installationId}},"app_id":{{AppId}},"target_type":"Organization","account":{"login":"acme","id":1} }"""));

    /// <summary>Answers token creation for <paramref name="installationId"/> with <paramref name="token"/>, valid for an hour from the fake now.</summary>
    public void StubAccessToken(long installationId, string token, TimeSpan? delay = null)
    {
        var expires = Time.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var response = WireMock.ResponseBuilders.Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"token":"{{token}}","expires_at":"{{expires}}","permissions":{"checks":"write","contents":"read"},"repository_selection":"all"}""");
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{ApiPath}/app/installations/{installationId}/access_tokens").UsingPost())
            .RespondWith(response);
    }

    public GitHubRetry Retry(GitHubOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<GitHubRetry>.Instance);

    public Octokit.IGitHubClient Client(GitHubOptions options) =>
        new GitHubClientFactory(Microsoft.Extensions.Options.Options.Create(options)).Create();

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public void Dispose() => Server.Stop();
}

/// <summary>A fake clock that says when a timer (a retry wait) was created.</summary>
public sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
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

/// <summary>One RSA key for the whole test run (generating one takes a while), as a PEM file like GitHub's download.</summary>
public static class AppKey
{
    private static readonly Lazy<(System.Security.Cryptography.RSA Key, string Path)> Created = new(() =>
    {
        var key = System.Security.Cryptography.RSA.Create(2048);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"neptune-app-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, key.ExportRSAPrivateKeyPem());
        return (key, path);
    });

    public static System.Security.Cryptography.RSA Key => Created.Value.Key;

    public static string Path => Created.Value.Path;
}
