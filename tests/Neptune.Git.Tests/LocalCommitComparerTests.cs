using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Git.Tests.Support;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Git.Tests;

public sealed class LocalCommitComparerTests : IDisposable
{
    private static readonly RepoRef Repo = new("acme", "infra");

    private readonly TempDirectory _temp = new();
    private readonly TestRepository _repository;
    private readonly string _root;
    private readonly string _main;
    private readonly string _side;
    private readonly LocalCommitComparer _comparer;

    // root ── main
    //    └──── side
    public LocalCommitComparerTests()
    {
        _repository = TestRepository.Create(_temp.Combine("repos", "acme", "infra"));
        _root = _repository.Commit("root", ("main.tf", "# root\n"));
        _main = _repository.Commit("main", ("main.tf", "# main\n"));
        _repository.Branch("side", _root);
        _side = _repository.Commit("side", ("side.tf", "# side\n"));
        _repository.Switch("main");
        _comparer = Comparer(new GitOptions { CloneUrl = _temp.Combine("repos", "{owner}", "{repo}") });
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_head_that_contains_the_base_is_ahead() =>
        Assert.Equal(CompareDirection.Ahead, await _comparer.CompareAsync(Repo, _root, _main, CancellationToken.None));

    [Fact]
    public async Task A_head_the_base_contains_is_behind() =>
        Assert.Equal(CompareDirection.Behind, await _comparer.CompareAsync(Repo, _main, _root, CancellationToken.None));

    [Fact]
    public async Task The_same_commit_is_identical_whatever_its_case() =>
        Assert.Equal(CompareDirection.Identical, await _comparer.CompareAsync(Repo, _main, _main.ToUpperInvariant(), CancellationToken.None));

    [Fact]
    public async Task Commits_on_separate_branches_have_diverged()
    {
        Assert.Equal(CompareDirection.Diverged, await _comparer.CompareAsync(Repo, _main, _side, CancellationToken.None));
        Assert.Equal(CompareDirection.Diverged, await _comparer.CompareAsync(Repo, _side, _main, CancellationToken.None));
    }

    [Fact]
    public async Task A_bare_repository_behind_a_file_url_override_is_compared_too()
    {
        var bare = _repository.CloneBare(_temp.Combine("repos", "infra.git"));
        var options = new GitOptions();
        options.Repositories["acme/infra"] = new Uri(bare).AbsoluteUri;

        Assert.Equal(CompareDirection.Ahead, await Comparer(options).CompareAsync(Repo, _root, _main, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_commit_is_an_error_not_a_direction()
    {
        const string Unknown = "0123456789abcdef0123456789abcdef01234567";

        var error = await Assert.ThrowsAsync<GitCompareException>(() => _comparer.CompareAsync(Repo, _main, Unknown, CancellationToken.None));

        Assert.Equal($"acme/infra has no commit {Unknown} in its local repository; fetch it there first or check the revision.", error.Message);
        Assert.Equal(Repo, error.Repository);
    }

    [Fact]
    public async Task A_missing_local_repository_is_an_error()
    {
        var error = await Assert.ThrowsAsync<GitCompareException>(() => _comparer.CompareAsync(new RepoRef("acme", "other"), _root, _main, CancellationToken.None));

        Assert.Equal($"The local repository of acme/other does not exist at '{_temp.Combine("repos", "acme", "other")}'.", error.Message);
    }

    [Fact]
    public async Task A_directory_that_is_no_repository_is_an_error_even_inside_another_repository()
    {
        // Without a ceiling, git would walk up from repos/acme/infra/nested and find infra's repository.
        _temp.CreateDirectory("repos", "acme", "infra", "nested");
        var options = new GitOptions();
        options.Repositories["acme/nested"] = _temp.Combine("repos", "acme", "infra", "nested");

        var error = await Assert.ThrowsAsync<GitCompareException>(() => Comparer(options).CompareAsync(new RepoRef("acme", "nested"), _root, _main, CancellationToken.None));

        Assert.StartsWith($"Could not look up {_root} in the local repository of acme/nested (git exited with code 128): fatal: not a git repository", error.Message);
    }

    [Fact]
    public async Task A_remote_repository_cannot_be_compared_locally()
    {
        var error = await Assert.ThrowsAsync<GitCompareException>(() => Comparer(new GitOptions()).CompareAsync(Repo, _root, _main, CancellationToken.None));

        Assert.StartsWith("acme/infra is fetched from a remote, and LocalCommitComparer compares only repositories on this machine;", error.Message);
    }

    [Fact]
    public async Task Abbreviated_revisions_are_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _comparer.CompareAsync(Repo, _root[..7], _main, CancellationToken.None));

        Assert.Equal("baseRevision", error.ParamName);
    }

    private static LocalCommitComparer Comparer(GitOptions options) =>
        new(Options.Create(options), NullLogger<LocalCommitComparer>.Instance, TimeProvider.System);
}
