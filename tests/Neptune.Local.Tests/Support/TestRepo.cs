using System.Diagnostics;

namespace Neptune.Local.Tests.Support;

/// <summary>A real git repository in a temp folder that tests commit into with the git CLI.</summary>
internal sealed class TestRepo
{
    public TestRepo(string path, string branch = "main", bool bare = false)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Git(bare ? ["init", "-q", "--bare", "-b", branch] : ["init", "-q", "-b", branch]);
        if (!bare)
        {
            Git("config", "user.email", "dana@example.com");
            Git("config", "user.name", "Dana Local");
            Git("config", "commit.gpgsign", "false");
        }
    }

    public string Path { get; }

    /// <summary>Writes files (relative path → content) and commits everything; returns the new sha.</summary>
    public string Commit(string message, params (string File, string Content)[] files)
    {
        foreach (var (file, content) in files)
        {
            var full = System.IO.Path.Combine(Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }
}
