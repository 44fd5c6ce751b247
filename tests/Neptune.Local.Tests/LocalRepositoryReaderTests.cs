using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.GitHub.Roots;
using Neptune.Local.Tests.Support;
using Neptune.Model;

namespace Neptune.Local.Tests;

/// <summary>The reader over a real repository: what intake sees of files, directories and changes.</summary>
public sealed class LocalRepositoryReaderTests : IDisposable
{
    private static readonly RepoRef Infra = new("local", "infra");
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-reader-").FullName;
    private readonly TestRepo _repo;
    private readonly LocalRepositoryReader _reader;

    public LocalRepositoryReaderTests()
    {
        _repo = new TestRepo(Path.Combine(_root, "infra"));
        var options = new GitOptions();
        options.Repositories[Infra.FullName] = _repo.Path;
        _reader = new LocalRepositoryReader(Options.Create(options), NullLogger<LocalRepositoryReader>.Instance, TimeProvider.System);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Reads_a_file_as_it_was_at_the_revision()
    {
        var first = _repo.Commit("v1", ("neptune.yaml", "version: 3\n"), ("envs/prod/main.tf", "# v1\n"));
        _repo.Commit("v2", ("envs/prod/main.tf", "# v2 ünïcode\n"));

        Assert.Equal("# v1\n", await _reader.ReadFileAsync(Infra, first, "envs/prod/main.tf"));
        Assert.Equal("# v2 ünïcode\n", await _reader.ReadFileAsync(Infra, _repo.Head(), "/envs/prod/main.tf"));
        Assert.Equal("version: 3\n", await _reader.ReadFileAsync(Infra, first, "neptune.yaml"));
    }

    [Fact]
    public async Task Missing_files_directories_and_links_read_as_no_file()
    {
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "link.yaml"), "neptune.yaml");
        var sha = _repo.Commit("one", ("neptune.yaml", "version: 3\n"), ("envs/prod/main.tf", "#\n"), ("*.tf", "a file named like a glob\n"));

        Assert.Null(await _reader.ReadFileAsync(Infra, sha, "atlantis.yaml"));
        Assert.Null(await _reader.ReadFileAsync(Infra, sha, "envs/prod"));
        Assert.Null(await _reader.ReadFileAsync(Infra, sha, "envs/prod/main.tf/below-a-file"));
        Assert.Null(await _reader.ReadFileAsync(Infra, sha, "link.yaml"));
        Assert.Null(await _reader.ReadFileAsync(Infra, sha, "*.yaml")); // pathspecs are literal, never globs
        Assert.Equal("a file named like a glob\n", await _reader.ReadFileAsync(Infra, sha, "*.tf"));
    }

    [Fact]
    public async Task Directories_exist_only_where_the_revision_has_them()
    {
        var before = _repo.Commit("one", ("neptune.yaml", "version: 3\n"));
        var sha = _repo.Commit("two", ("envs/prod/main.tf", "#\n"));

        Assert.True(await _reader.DirectoryExistsAsync(Infra, sha, "envs/prod"));
        Assert.True(await _reader.DirectoryExistsAsync(Infra, sha, "envs/prod/"));
        Assert.True(await _reader.DirectoryExistsAsync(Infra, sha, "envs"));
        Assert.True(await _reader.DirectoryExistsAsync(Infra, sha, "."));
        Assert.True(await _reader.DirectoryExistsAsync(Infra, sha, ""));
        Assert.False(await _reader.DirectoryExistsAsync(Infra, sha, "envs/staging"));
        Assert.False(await _reader.DirectoryExistsAsync(Infra, sha, "envs/prod/main.tf"));
        Assert.False(await _reader.DirectoryExistsAsync(Infra, before, "envs/prod"));
    }

    [Fact]
    public async Task Changed_files_cover_the_whole_range_with_renames_under_both_names_and_deletions()
    {
        var before = _repo.Commit("base", ("a.tf", "a\n"), ("b.tf", "b\n"), ("old/x.tf", "x x x x x x x x x x x x\n"), ("same.tf", "same\n"));
        _repo.Commit("edit", ("a.tf", "a2\n"));
        Directory.CreateDirectory(Path.Combine(_repo.Path, "new"));
        _repo.Git("mv", "old/x.tf", "new/x.tf");
        _repo.Git("rm", "-q", "b.tf");
        var after = _repo.Commit("rename and delete");

        var changed = await _reader.ChangedFilesAsync(Infra, before, after);

        Assert.Equal(
            [new ChangedFile("a.tf"), new ChangedFile("b.tf"), new ChangedFile("new/x.tf", "old/x.tf")],
            changed.OrderBy(c => c.Path, StringComparer.Ordinal));
        Assert.Contains("old/x.tf", changed.SelectMany(c => c.Paths));
        Assert.Empty(await _reader.ChangedFilesAsync(Infra, after, after));
    }

    [Fact]
    public async Task Commit_files_are_every_file_of_a_first_commit_and_against_the_first_parent_of_a_merge()
    {
        var first = _repo.Commit("first", ("neptune.yaml", "version: 3\n"), ("envs/prod/main.tf", "#\n"));
        _repo.Git("checkout", "-q", "-b", "feature");
        _repo.Commit("feature work", ("envs/staging/main.tf", "#\n"));
        _repo.Git("checkout", "-q", "main");
        _repo.Commit("main work", ("envs/prod/main.tf", "# main\n"));
        _repo.Git("merge", "-q", "--no-ff", "--no-edit", "feature");
        var merge = _repo.Head();

        Assert.Equal(["envs/prod/main.tf", "neptune.yaml"], (await _reader.CommitFilesAsync(Infra, first)).Select(c => c.Path).Order(StringComparer.Ordinal));
        Assert.Equal([new ChangedFile("envs/staging/main.tf")], await _reader.CommitFilesAsync(Infra, merge));
    }

    [Fact]
    public async Task Unknown_commits_and_repositories_that_are_not_local_are_errors_naming_them()
    {
        _repo.Commit("first", ("neptune.yaml", "version: 3\n"));
        var unknown = new string('a', 40);

        var missing = await Assert.ThrowsAsync<LocalRepositoryException>(() => _reader.ReadFileAsync(Infra, unknown, "neptune.yaml"));
        Assert.Contains(unknown, missing.Message, StringComparison.Ordinal);
        Assert.Contains(_repo.Path, missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LocalRepositoryException>(() => _reader.ChangedFilesAsync(Infra, unknown, _repo.Head()));

        var remote = await Assert.ThrowsAsync<LocalRepositoryException>(() => _reader.ReadFileAsync(new RepoRef("acme", "infra"), _repo.Head(), "neptune.yaml"));
        Assert.Contains("reads only repositories on this machine", remote.Message, StringComparison.Ordinal);

        Directory.Delete(_repo.Path, recursive: true);
        var gone = await Assert.ThrowsAsync<LocalRepositoryException>(() => _reader.ReadFileAsync(Infra, unknown, "neptune.yaml"));
        Assert.Contains("does not exist", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_status_output_with_renames_copies_and_odd_names_is_parsed()
    {
        var parsed = LocalRepositoryReader.ParseNameStatus("M\0a b.tf\0R100\0old.tf\0new.tf\0C075\0src.tf\0copy.tf\0D\0gone\ttab.tf\0A\0added.tf\0");

        Assert.Equal(
            [new ChangedFile("a b.tf"), new ChangedFile("new.tf", "old.tf"), new ChangedFile("copy.tf"), new ChangedFile("gone\ttab.tf"), new ChangedFile("added.tf")],
            parsed);
    }
}
