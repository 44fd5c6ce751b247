namespace Neptune.Git.Tests.Support;

/// <summary>A real git repository with a working tree, for making commits to fetch and compare.</summary>
internal sealed class TestRepository
{
    private TestRepository(string path) => Path = path;

    /// <summary>The repository's working tree.</summary>
    public string Path { get; }

    /// <summary>Creates an empty repository on branch <c>main</c>.</summary>
    public static TestRepository Create(string path)
    {
        Directory.CreateDirectory(path);
        RealGit.Run(path, "init", "--quiet", "--initial-branch=main");
        return new TestRepository(path);
    }

    /// <summary>Writes <paramref name="files"/> (relative path → content), commits them and returns the commit's sha.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        RealGit.Run(Path, "add", "--all");
        RealGit.Run(Path, "commit", "--quiet", "--allow-empty", "--message", message);
        return Head();
    }

    /// <summary>Creates and switches to <paramref name="branch"/> at <paramref name="start"/>.</summary>
    public void Branch(string branch, string start) => RealGit.Run(Path, "switch", "--quiet", "--create", branch, start);

    /// <summary>Switches to an existing branch.</summary>
    public void Switch(string branch) => RealGit.Run(Path, "switch", "--quiet", branch);

    /// <summary>The sha of HEAD.</summary>
    public string Head() => RealGit.Run(Path, "rev-parse", "HEAD");

    /// <summary>Makes a bare clone with every branch, as a server would hold it, and returns its path.</summary>
    public string CloneBare(string destination)
    {
        RealGit.Run(System.IO.Path.GetDirectoryName(destination)!, "clone", "--quiet", "--bare", "--no-local", Path, destination);
        return destination;
    }
}
