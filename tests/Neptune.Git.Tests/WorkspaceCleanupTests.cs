using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Git.Tests.Support;
using Neptune.Model;

namespace Neptune.Git.Tests;

public sealed class WorkspaceCleanupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_fetched_workspace_with_read_only_git_objects_is_deleted()
    {
        var source = TestRepository.Create(_temp.Combine("acme", "source"));
        var sha = source.Commit("first", ("main.tf", "# main\n"));
        var workspace = _temp.Combine("deployments", "d1");
        var fetcher = new GitSourceFetcher(Options.Create(new GitOptions { CloneUrl = _temp.Combine("{owner}", "{repo}") }), NullLogger<GitSourceFetcher>.Instance, TimeProvider.System);
        await fetcher.FetchAsync(new RepoRef("acme", "source"), sha, workspace, CancellationToken.None);
        var objects = Directory.GetFiles(Path.Combine(workspace, ".git", "objects"), "*", SearchOption.AllDirectories);
        Assert.Contains(objects, file => (File.GetUnixFileMode(file) & UnixFileMode.UserWrite) == 0); // git made them read-only

        WorkspaceCleanup.Delete(workspace);

        Assert.False(Directory.Exists(workspace));
        Assert.True(Directory.Exists(_temp.Combine("deployments")));
    }

    [Fact]
    public void Read_only_directories_and_files_do_not_stop_deletion()
    {
        var workspace = _temp.CreateDirectory("ws");
        var locked = _temp.CreateDirectory("ws", ".git", "objects", "ab");
        File.WriteAllText(Path.Combine(locked, "cdef"), "object");
        File.SetAttributes(Path.Combine(locked, "cdef"), FileAttributes.ReadOnly);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        WorkspaceCleanup.Delete(workspace);

        Assert.False(Directory.Exists(workspace));
    }

    [Fact]
    public void Making_writable_clears_read_only_marks_below_the_workspace()
    {
        // Root deletes read-only directories anyway, so the fallback itself is checked here.
        var workspace = _temp.CreateDirectory("ws");
        var locked = _temp.CreateDirectory("ws", "objects", "ab");
        var file = Path.Combine(locked, "cdef");
        File.WriteAllText(file, "object");
        File.SetAttributes(file, FileAttributes.ReadOnly);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        WorkspaceCleanup.MakeWritable(new DirectoryInfo(workspace));

        Assert.False(File.GetAttributes(file).HasFlag(FileAttributes.ReadOnly));
        Assert.True(File.GetUnixFileMode(locked).HasFlag(UnixFileMode.UserWrite));
    }

    [Fact]
    public void Links_are_removed_without_touching_their_targets()
    {
        var outside = _temp.CreateDirectory("outside");
        var precious = Path.Combine(outside, "precious.txt");
        File.WriteAllText(precious, "keep");
        File.SetAttributes(precious, FileAttributes.ReadOnly);
        var workspace = _temp.CreateDirectory("ws");
        Directory.CreateSymbolicLink(Path.Combine(workspace, "link"), outside);
        var linkedWorkspace = _temp.Combine("linked-ws");
        Directory.CreateSymbolicLink(linkedWorkspace, outside);

        WorkspaceCleanup.Delete(workspace);
        WorkspaceCleanup.Delete(linkedWorkspace);

        Assert.False(Directory.Exists(workspace));
        Assert.False(Path.Exists(linkedWorkspace));
        Assert.Equal("keep", File.ReadAllText(precious));
        Assert.True(File.GetAttributes(precious).HasFlag(FileAttributes.ReadOnly));
    }

    [Fact]
    public void A_missing_workspace_is_nothing_to_do() => WorkspaceCleanup.Delete(_temp.Combine("never-created"));

    [Fact]
    public void A_file_system_root_is_never_deleted() =>
        Assert.Throws<ArgumentException>(() => WorkspaceCleanup.Delete("/"));
}
