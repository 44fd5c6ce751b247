using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.Git.Tests.Support;
using Neptune.Model;

namespace Neptune.Git.Tests;

// Every test fetches from real repositories made with the real git; only the wrapper tests put a script
// in front of git, to see exactly what the fetcher hands it.
public sealed class GitSourceFetcherTests : IDisposable
{
    private const string Token = "ghs_NeptuneTestToken1234567890abcdef";
    private static readonly RepoRef Repo = new("acme", "infra");
    private static readonly string EncodedToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));

    private readonly TempDirectory _temp = new();
    private readonly TestRepository _source;
    private readonly string _first;
    private readonly string _second;
    private readonly string _bare;

    public GitSourceFetcherTests()
    {
        _source = TestRepository.Create(_temp.Combine("work"));
        _first = _source.Commit("first", ("main.tf", "# first\n"), ("modules/net/net.tf", "# net\n"));
        _second = _source.Commit("second", ("main.tf", "# second\n"), ("added.tf", "# added\n"));
        _temp.CreateDirectory("srv", "acme");
        _bare = _source.CloneBare(_temp.Combine("srv", "acme", "infra.git"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fetches_a_commit_from_a_file_url_template_with_head_detached_at_it()
    {
        var destination = _temp.Combine("ws", "file-url");

        await Fetcher(new GitOptions { CloneUrl = "file://" + _temp.Combine("srv", "{owner}", "{repo}.git") })
            .FetchAsync(Repo, _first, destination, CancellationToken.None);

        Assert.Equal("# first\n", File.ReadAllText(Path.Combine(destination, "main.tf")));
        Assert.True(File.Exists(Path.Combine(destination, "modules", "net", "net.tf")));
        Assert.False(File.Exists(Path.Combine(destination, "added.tf")), "a file of a later commit was checked out");
        Assert.Equal(_first, RealGit.Run(destination, "rev-parse", "HEAD"));
        Assert.Equal("HEAD", RealGit.Run(destination, "rev-parse", "--abbrev-ref", "HEAD")); // detached
        Assert.Equal("1", RealGit.Run(destination, "rev-list", "--count", "HEAD")); // depth 1: no history
    }

    [Fact]
    public async Task Fetches_a_commit_from_a_plain_path_template()
    {
        var destination = _temp.Combine("ws", "plain-path");

        await Fetcher(new GitOptions { CloneUrl = _temp.Combine("srv", "{owner}", "{repo}.git") })
            .FetchAsync(Repo, _second.ToUpperInvariant(), destination, CancellationToken.None);

        Assert.Equal("# second\n", File.ReadAllText(Path.Combine(destination, "main.tf")));
        Assert.Equal("# added\n", File.ReadAllText(Path.Combine(destination, "added.tf")));
        Assert.Equal(_second, RealGit.Run(destination, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_repository_override_wins_over_the_template()
    {
        var options = new GitOptions { CloneUrl = "/nowhere/{owner}/{repo}.git" };
        options.Repositories["ACME/Infra"] = _bare;
        var destination = _temp.Combine("ws", "override");

        await Fetcher(options).FetchAsync(Repo, _first, destination, CancellationToken.None);

        Assert.Equal(_first, RealGit.Run(destination, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_commit_the_remote_does_not_have_fails_naming_repository_and_sha()
    {
        // Committed in the working repository after the bare clone: it exists, but not where we fetch from.
        var unpushed = _source.Commit("unpushed", ("later.tf", "# later\n"));
        var destination = _temp.Combine("ws", "missing");

        var error = await Assert.ThrowsAsync<GitFetchException>(() => Fetcher(LocalOptions()).FetchAsync(Repo, unpushed, destination, CancellationToken.None));

        Assert.StartsWith($"Could not fetch acme/infra at {unpushed}: git fetch exited with code 128. The commit may not exist", error.Message);
        Assert.Contains("not our ref", error.Message);
        Assert.Equal(Repo, error.Repository);
        Assert.Equal(unpushed, error.Revision);
    }

    [Fact]
    public async Task A_destination_that_is_not_empty_is_refused_and_left_alone()
    {
        var destination = _temp.CreateDirectory("ws", "used");
        File.WriteAllText(Path.Combine(destination, "state.tfstate"), "keep me");

        var error = await Assert.ThrowsAsync<GitFetchException>(() => Fetcher(LocalOptions()).FetchAsync(Repo, _first, destination, CancellationToken.None));

        Assert.Equal($"Cannot fetch acme/infra at {_first} into '{destination}': the directory is not empty; each fetch needs a fresh workspace.", error.Message);
        Assert.Equal(["state.tfstate"], Directory.GetFileSystemEntries(destination).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_empty_destination_directory_is_used()
    {
        var destination = _temp.CreateDirectory("ws", "empty");

        await Fetcher(LocalOptions()).FetchAsync(Repo, _second, destination, CancellationToken.None);

        Assert.Equal(_second, RealGit.Run(destination, "rev-parse", "HEAD"));
    }

    [Theory]
    [InlineData("abc1234")]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("main")]
    public async Task Anything_but_a_full_commit_id_is_refused_before_git_runs(string revision)
    {
        var wrapper = GitWrapper.PassThrough(_temp.CreateDirectory("wrapper"));
        var destination = _temp.Combine("ws", "refused");

        await Assert.ThrowsAsync<ArgumentException>(() => Fetcher(LocalOptions(wrapper.Path)).FetchAsync(Repo, revision, destination, CancellationToken.None));

        Assert.Empty(wrapper.RecordedCalls());
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task The_token_reaches_git_through_environment_config_and_never_through_arguments()
    {
        // The wrapper points the https URL at the bare repository, so the whole fetch really runs.
        var wrapper = GitWrapper.PassThrough(_temp.CreateDirectory("wrapper"), rewriteHttpsTo: _bare);
        var options = new GitOptions { Path = wrapper.Path, Token = Token };
        var destination = _temp.Combine("ws", "token");

        await Fetcher(options).FetchAsync(Repo, _first, destination, CancellationToken.None);

        Assert.Equal(_first, RealGit.Run(destination, "rev-parse", "HEAD"));
        var calls = wrapper.RecordedCalls();
        Assert.Equal(["init", "fetch", "checkout", "rev-parse"], calls.Select(call => call.Arguments[0]));
        Assert.All(calls, call => Assert.All(call.Arguments, argument =>
        {
            Assert.DoesNotContain(Token, argument, StringComparison.Ordinal);
            Assert.DoesNotContain(EncodedToken, argument, StringComparison.Ordinal);
        }));
        var fetch = Assert.Single(calls, call => call.Is("fetch"));
        Assert.Contains("https://github.com/acme/infra.git", fetch.Arguments);
        Assert.Equal("Authorization: Basic " + EncodedToken, fetch.Header); // what git itself reads as http.extraHeader
        var count = int.Parse(fetch.Variable("GIT_CONFIG_COUNT")!, System.Globalization.CultureInfo.InvariantCulture);
        var header = Enumerable.Range(0, count).Single(i => fetch.Variable($"GIT_CONFIG_KEY_{i}") == "http.extraHeader");
        Assert.Equal("Authorization: Basic " + EncodedToken, fetch.Variable($"GIT_CONFIG_VALUE_{header}"));
        Assert.Equal("0", fetch.Variable("GIT_TERMINAL_PROMPT"));
        Assert.Equal("1", fetch.Variable("GIT_CONFIG_NOSYSTEM"));
        Assert.Equal("/dev/null", fetch.Variable("GIT_CONFIG_GLOBAL"));

        // Only the fetch talks to the remote; no other step is handed the header.
        Assert.All(calls.Where(call => !call.Is("fetch")), call => Assert.DoesNotContain(EncodedToken, call.Environment, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_is_not_sent_to_a_local_repository()
    {
        var wrapper = GitWrapper.PassThrough(_temp.CreateDirectory("wrapper"));
        var options = LocalOptions(wrapper.Path);
        options.Token = Token;

        await Fetcher(options).FetchAsync(Repo, _first, _temp.Combine("ws", "local-token"), CancellationToken.None);

        var fetch = Assert.Single(wrapper.RecordedCalls(), call => call.Is("fetch"));
        Assert.Equal("", fetch.Header);
        Assert.DoesNotContain(EncodedToken, fetch.Environment, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, fetch.Environment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_and_its_base64_are_scrubbed_from_what_git_prints()
    {
        var wrapper = GitWrapper.LeakOnFetch(_temp.CreateDirectory("wrapper"));
        var options = new GitOptions { Path = wrapper.Path, Token = Token };

        var error = await Assert.ThrowsAsync<GitFetchException>(() => Fetcher(options).FetchAsync(Repo, _first, _temp.Combine("ws", "leak"), CancellationToken.None));

        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(EncodedToken, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("sent 'Authorization: Basic ***'", error.Message);
        Assert.Contains("decoded credentials x-access-token:***", error.Message);
        Assert.Contains($"acme/infra at {_first}", error.Message);
    }

    [Fact]
    public async Task Cancellation_kills_git_and_its_children_promptly()
    {
        var wrapper = GitWrapper.SleepOnFetch(_temp.CreateDirectory("wrapper"));
        using var cancel = new CancellationTokenSource();
        var fetch = Fetcher(LocalOptions(wrapper.Path)).FetchAsync(Repo, _first, _temp.Combine("ws", "cancel"), cancel.Token);
        var sleeper = await wrapper.SleepPidAsync();
        try
        {
            await cancel.CancelAsync();

            // Bounded by a token, not a clock: without the kill the fetch would wait for the 300 s sleep.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(bound.Token));
            Assert.True(fetch.IsCanceled, "the fetch did not end by itself once cancelled");
            await Processes.AssertGoneAsync(sleeper); // the wrapper's child: killed with the whole tree
        }
        finally
        {
            Processes.KillQuietly(sleeper);
        }
    }

    [Fact]
    public async Task A_fetch_that_outlasts_the_timeout_fails_and_is_killed()
    {
        var wrapper = GitWrapper.SleepOnFetch(_temp.CreateDirectory("wrapper"));
        var time = new FakeTimeProvider();
        var options = LocalOptions(wrapper.Path);
        options.Timeout = TimeSpan.FromMinutes(3);
        var fetch = Fetcher(options, time).FetchAsync(Repo, _first, _temp.Combine("ws", "slow"), CancellationToken.None);
        var sleeper = await wrapper.SleepPidAsync();
        try
        {
            time.Advance(TimeSpan.FromMinutes(3));

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var error = await Assert.ThrowsAsync<GitFetchException>(() => fetch.WaitAsync(bound.Token));
            Assert.Equal($"Fetching acme/infra at {_first} took longer than 00:03:00 and was stopped; raise Neptune:Git:Timeout if the repository is that large.", error.Message);
            await Processes.AssertGoneAsync(sleeper);
        }
        finally
        {
            Processes.KillQuietly(sleeper);
        }
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_creates_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var destination = _temp.Combine("ws", "never");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fetcher(LocalOptions()).FetchAsync(Repo, _first, destination, cancel.Token));

        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task A_missing_git_executable_names_the_setting()
    {
        var options = LocalOptions(_temp.Combine("no-such-git"));

        var error = await Assert.ThrowsAsync<GitNotFoundException>(() => Fetcher(options).FetchAsync(Repo, _first, _temp.Combine("ws", "no-git"), CancellationToken.None));

        Assert.Equal($"git executable '{options.Path}' was not found; set Neptune:Git:Path to the git binary (a name on PATH or a full path).", error.Message);
    }

    [Fact]
    public void Invalid_options_fail_when_the_fetcher_is_built()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Fetcher(new GitOptions { CloneUrl = "https://github.com/acme/infra.git" }));

        Assert.StartsWith("Neptune:Git:CloneUrl must contain {owner} and {repo}", error.Message);
    }

    private GitOptions LocalOptions(string? gitPath = null) => new()
    {
        Path = gitPath ?? GitOptions.DefaultPath,
        CloneUrl = _temp.Combine("srv", "{owner}", "{repo}.git"),
    };

    private static GitSourceFetcher Fetcher(GitOptions options, TimeProvider? time = null) =>
        new(Options.Create(options), NullLogger<GitSourceFetcher>.Instance, time ?? TimeProvider.System);
}
