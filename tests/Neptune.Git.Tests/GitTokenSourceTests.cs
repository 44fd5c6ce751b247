using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Git.Tests.Support;
using Neptune.Model;

namespace Neptune.Git.Tests;

// The fetcher asks its token source per repository (GitHub App installation tokens differ per installation and expire).
public sealed class GitTokenSourceTests : IDisposable
{
    private const string ConfiguredToken = "ghs_ConfiguredTokenNeverUsedHere000";
    private static readonly RepoRef Infra = new("acme", "infra");
    private static readonly RepoRef Network = new("globex", "network");

    private readonly TempDirectory _temp = new();
    private readonly string _first;
    private readonly string _bare;

    public GitTokenSourceTests()
    {
        var source = TestRepository.Create(_temp.Combine("work"));
        _first = source.Commit("first", ("main.tf", "# first\n"));
        _temp.CreateDirectory("srv");
        _bare = source.CloneBare(_temp.Combine("srv", "infra.git"));
    }

    public void Dispose() => _temp.Dispose();

    private static string Header(string token) =>
        "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));

    private static GitSourceFetcher Fetcher(GitOptions options, IGitTokenSource tokens) =>
        new(Options.Create(options), NullLogger<GitSourceFetcher>.Instance, TimeProvider.System, tokens);

    [Fact]
    public async Task Each_repository_is_fetched_with_its_own_token_from_the_source()
    {
        var wrapper = GitWrapper.PassThrough(_temp.CreateDirectory("wrapper"), rewriteHttpsTo: _bare);
        var tokens = new RecordingTokenSource(repo => $"ghs_installation_token_of_{repo.Owner}");
        var fetcher = Fetcher(new GitOptions { Path = wrapper.Path, Token = ConfiguredToken }, tokens);

        await fetcher.FetchAsync(Infra, _first, _temp.Combine("ws", "infra"), CancellationToken.None);
        await fetcher.FetchAsync(Network, _first, _temp.Combine("ws", "network"), CancellationToken.None);

        Assert.Equal([Infra, Network], tokens.Asked);
        var fetches = wrapper.RecordedCalls().Where(call => call.Is("fetch")).ToList();
        Assert.Equal(2, fetches.Count);
        Assert.Contains("https://github.com/acme/infra.git", fetches[0].Arguments);
        Assert.Equal(Header("ghs_installation_token_of_acme"), fetches[0].Header);
        Assert.Contains("https://github.com/globex/network.git", fetches[1].Arguments);
        Assert.Equal(Header("ghs_installation_token_of_globex"), fetches[1].Header);
        Assert.All(wrapper.RecordedCalls(), call => Assert.DoesNotContain(Header(ConfiguredToken), call.Environment, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_from_the_source_is_scrubbed_from_what_git_prints()
    {
        const string Token = "ghs_PerRepositoryInstallationToken42";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));
        var wrapper = GitWrapper.LeakOnFetch(_temp.CreateDirectory("wrapper"));
        var fetcher = Fetcher(new GitOptions { Path = wrapper.Path }, new RecordingTokenSource(_ => Token));

        var error = await Assert.ThrowsAsync<GitFetchException>(() => fetcher.FetchAsync(Infra, _first, _temp.Combine("ws", "leak"), CancellationToken.None));

        Assert.Contains("decoded credentials x-access-token:***", error.Message);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_source_is_not_asked_for_a_local_repository()
    {
        var tokens = new RecordingTokenSource(_ => "ghs_unused");
        var options = new GitOptions();
        options.Repositories[Infra.FullName] = _bare;

        await Fetcher(options, tokens).FetchAsync(Infra, _first, _temp.Combine("ws", "local"), CancellationToken.None);

        Assert.Empty(tokens.Asked);
    }

    [Fact]
    public async Task A_failing_source_fails_the_fetch_naming_the_repository_before_git_runs()
    {
        var wrapper = GitWrapper.PassThrough(_temp.CreateDirectory("wrapper"), rewriteHttpsTo: _bare);
        var tokens = new RecordingTokenSource(_ => throw new InvalidOperationException("The GitHub App is not installed on acme/infra."));

        var error = await Assert.ThrowsAsync<GitFetchException>(() =>
            Fetcher(new GitOptions { Path = wrapper.Path }, tokens).FetchAsync(Infra, _first, _temp.Combine("ws", "fails"), CancellationToken.None));

        Assert.Contains($"Could not fetch acme/infra at {_first}", error.Message);
        Assert.Contains("not installed on acme/infra", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Empty(wrapper.RecordedCalls());
    }

    private sealed class RecordingTokenSource(Func<RepoRef, string> token) : IGitTokenSource
    {
        public List<RepoRef> Asked { get; } = [];

        public ValueTask<string?> GetTokenAsync(RepoRef repo, CancellationToken cancellationToken)
        {
            Asked.Add(repo);
            return ValueTask.FromResult<string?>(token(repo));
        }
    }
}
