using Microsoft.Extensions.Options;
using Neptune.GitHub.Api;
using Neptune.GitHub.Compare;
using Neptune.Model;
using Neptune.Ports;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Compare;

public sealed class GitHubCommitComparerTests : IDisposable
{
    private const string Base = "1111111111111111111111111111111111111111";
    private const string Head = "2222222222222222222222222222222222222222";
    private const string ComparePath = FakeGitHub.ApiPath + "/repos/acme/infra/compare/" + Base + "..." + Head;
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private GitHubCommitComparer Comparer(int maxAttempts = 3)
    {
        var options = _github.Options(maxAttempts);
        return new GitHubCommitComparer(new GitHubClientFactory(Options.Create(options)), _github.Retry(options));
    }

    private void Respond(int status, string body) =>
        _github.Server.Given(Request.Create().WithPath(ComparePath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    [Theory]
    [InlineData("ahead", CompareDirection.Ahead)]
    [InlineData("identical", CompareDirection.Identical)]
    [InlineData("behind", CompareDirection.Behind)]
    [InlineData("diverged", CompareDirection.Diverged)]
    public async Task Status_maps_to_direction(string status, CompareDirection expected)
    {
        Respond(200, $$"""{"status":"{{status}}","ahead_by":1,"behind_by":0,"total_commits":1,"commits":[],"files":[]}""");

        var direction = await Comparer().CompareAsync(new RepoRef("acme", "infra"), Base, Head, CancellationToken.None);

        Assert.Equal(expected, direction);
        Assert.Equal(ComparePath, Assert.Single(_github.Requests).RequestMessage!.Path);
    }

    [Fact]
    public async Task Not_found_throws_a_clear_exception()
    {
        Respond(404, """{"message":"Not Found"}""");

        var error = await Assert.ThrowsAsync<GitHubCompareException>(
            () => Comparer().CompareAsync(new RepoRef("acme", "infra"), Base, Head, CancellationToken.None));

        Assert.Contains($"{Base}...{Head} in acme/infra", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found (404)", error.Message, StringComparison.Ordinal);
        Assert.IsType<Octokit.NotFoundException>(error.InnerException);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task Unknown_status_is_an_error_not_a_direction()
    {
        Respond(200, """{"status":"sideways","commits":[],"files":[]}""");

        var error = await Assert.ThrowsAsync<GitHubCompareException>(
            () => Comparer().CompareAsync(new RepoRef("acme", "infra"), Base, Head, CancellationToken.None));

        Assert.Contains("'sideways'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_server_error_is_thrown_after_retries()
    {
        Respond(502, """{"message":"Bad Gateway"}""");

        var call = Comparer(maxAttempts: 2).CompareAsync(new RepoRef("acme", "infra"), Base, Head, CancellationToken.None);
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<Octokit.ApiException>(() => call);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(2, _github.Requests.Count);
    }
}
