using System.Diagnostics;

namespace Neptune.Hosting.Hangfire.Tests.Support;

/// <summary>A real git repository in a temp folder that tests commit terraform roots into.</summary>
internal sealed class GitRepository
{
    public GitRepository(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Neptune Tests");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path { get; }

    /// <summary>Writes files (relative path → content) and commits them; returns the commit sha.</summary>
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
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>Commits a root whose terraform stand-in behaves as <paramref name="standin"/> (.standin.json text).</summary>
    public string CommitRoot(string root, string standin, string message = "change") =>
        Commit(message, ($"{root}/main.tf", $"# {message}\nresource \"null_resource\" \"x\" {{}}\n"), ($"{root}/.standin.json", standin));

    public void Checkout(string revision) => Git("checkout", "-q", revision);

    public void Branch(string name, string revision) => Git("checkout", "-q", "-B", name, revision);

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }
}
