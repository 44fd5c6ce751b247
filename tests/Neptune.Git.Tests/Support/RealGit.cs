using System.Diagnostics;

namespace Neptune.Git.Tests.Support;

/// <summary>Runs the real git for test set-up, isolated from the machine's and user's configuration.</summary>
internal static class RealGit
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>The absolute path of the real git.</summary>
    public static string Path => Executable.Value;

    /// <summary>Runs git and returns its trimmed stdout; a non-zero exit fails the test.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var environment = startInfo.Environment;
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = "Neptune Tests";
        environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = "tests@neptune.invalid";

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', arguments)} did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result.Trim();
    }

    private static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(directory, "git");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("git is not on PATH; the git adapter tests need it.");
    }
}
