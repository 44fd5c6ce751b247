using Neptune.GitHub.Auth;
using Neptune.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Auth;

public sealed class GitHubInstallationTokensTests : IDisposable
{
    private const string TokensPath = FakeGitHub.ApiPath + "/app/installations/77/access_tokens";
    private static readonly RepoRef Infra = new("acme", "infra");
    private static readonly RepoRef Network = new("acme", "network");
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private int Count(string path, string method) =>
        _github.Requests.Count(r => r.RequestMessage!.Path == path && r.RequestMessage.Method == method);

    [Fact]
    public async Task Installation_is_found_with_the_app_jwt_and_its_token_returned()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.StubAccessToken(77, "ghs_installation_one");
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var token = await tokens.GetTokenAsync(Infra, CancellationToken.None);

        Assert.Equal("ghs_installation_one", token);
        Assert.Collection(
            _github.Requests,
            r => Assert.Equal(("GET", FakeGitHub.ApiPath + "/repos/acme/infra/installation"), (r.RequestMessage!.Method, r.RequestMessage.Path)),
            r => Assert.Equal(("POST", TokensPath), (r.RequestMessage!.Method, r.RequestMessage.Path)));
        Assert.All(_github.Requests, r =>
        {
            var authorization = r.RequestMessage!.Headers!["Authorization"].Single();
            Assert.StartsWith("Bearer eyJ", authorization, StringComparison.Ordinal); // a JWT, not an installation token
            Assert.Equal(3, authorization["Bearer ".Length..].Split('.').Length);
        });
    }

    [Fact]
    public async Task Token_is_reused_while_fresh_and_renewed_five_minutes_before_expiry()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.Server.Given(Request.Create().WithPath(TokensPath).UsingPost()).InScenario("renew").WillSetStateTo("renewed")
            .RespondWith(Token("ghs_first", _github.Time.GetUtcNow().AddHours(1)));
        _github.Server.Given(Request.Create().WithPath(TokensPath).UsingPost()).InScenario("renew").WhenStateIs("renewed")
            .RespondWith(Token("ghs_second", _github.Time.GetUtcNow().AddHours(2)));
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var first = await tokens.GetTokenAsync(Infra, CancellationToken.None);
        _github.Time.Advance(TimeSpan.FromMinutes(54));
        var stillFresh = await tokens.GetTokenAsync(Infra, CancellationToken.None);
        _github.Time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await tokens.GetTokenAsync(Infra, CancellationToken.None);

        Assert.Equal(("ghs_first", "ghs_first", "ghs_second"), (first, stillFresh, renewed));
        Assert.Equal(2, Count(TokensPath, "POST"));
        Assert.Equal(1, Count(FakeGitHub.ApiPath + "/repos/acme/infra/installation", "GET")); // the installation id is kept
    }

    [Fact]
    public async Task Repositories_of_one_installation_share_its_token()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.StubInstallation("acme/network", 77);
        _github.StubAccessToken(77, "ghs_shared");
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var infra = await tokens.GetTokenAsync(Infra, CancellationToken.None);
        var network = await tokens.GetTokenAsync(Network, CancellationToken.None);

        Assert.Equal(("ghs_shared", "ghs_shared"), (infra, network));
        Assert.Equal(1, Count(TokensPath, "POST"));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_request()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.StubAccessToken(77, "ghs_once", delay: TimeSpan.FromMilliseconds(300));
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tokens.GetTokenAsync(Infra, CancellationToken.None).AsTask()));

        Assert.All(all, token => Assert.Equal("ghs_once", token));
        Assert.Equal(1, Count(FakeGitHub.ApiPath + "/repos/acme/infra/installation", "GET"));
        Assert.Equal(1, Count(TokensPath, "POST"));
    }

    [Fact]
    public async Task Transient_failure_creating_a_token_is_retried()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.StubAccessToken(77, "ghs_after_retry");
        _github.Server.Given(Request.Create().WithPath(TokensPath).UsingPost()).AtPriority(0).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Bad Gateway"}"""));
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var pending = tokens.GetTokenAsync(Infra, CancellationToken.None).AsTask();
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("ghs_after_retry", await pending);
        Assert.Equal(2, Count(TokensPath, "POST"));
    }

    [Fact]
    public async Task App_not_installed_on_the_repository_is_a_clear_error()
    {
        _github.Server.Given(Request.Create().WithPath(FakeGitHub.ApiPath + "/repos/acme/infra/installation").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json")
                .WithBody("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app"}"""));
        using var tokens = _github.InstallationTokens(_github.AppOptions());

        var error = await Assert.ThrowsAsync<GitHubAppNotInstalledException>(async () => await tokens.GetTokenAsync(Infra, CancellationToken.None));

        Assert.Contains("not installed on acme/infra", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install the App", error.Message, StringComparison.Ordinal);
        Assert.Equal(Infra, error.Repo);
        Assert.Equal(0, Count(TokensPath, "POST"));
    }

    [Fact]
    public async Task Token_mode_has_no_installation_tokens()
    {
        using var tokens = _github.InstallationTokens(_github.Options());

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tokens.GetTokenAsync(Infra, CancellationToken.None));
        Assert.Empty(_github.Requests);
    }

    private static IResponseBuilder Token(string token, DateTimeOffset expires) =>
        Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"token":"{{token}}","expires_at":"{{expires:yyyy-MM-ddTHH:mm:ssZ}}"}""");
}
