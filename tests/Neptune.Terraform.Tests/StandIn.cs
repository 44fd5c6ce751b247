using System.Diagnostics;
using System.Text;

namespace Neptune.Terraform.Tests;

/// <summary>The terraform stand-in at tests/tools/terraform, and a way to run it directly.</summary>
internal static class StandIn
{
    private static readonly Lazy<string> ScriptPath = new(Locate);

    /// <summary>The absolute path of the stand-in script.</summary>
    public static string Path => ScriptPath.Value;

    /// <summary>Runs the stand-in with an argument list and returns its exit code and output.</summary>
    public static StandInResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The stand-in did not finish: terraform {string.Join(' ', arguments)}");
        }

        return new StandInResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Locate()
    {
        // The tests run from bin/...; the repository root is the first parent holding Neptune.sln.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neptune.sln")))
            {
                var script = System.IO.Path.Combine(dir.FullName, "tests", "tools", "terraform");
                return File.Exists(script) ? script : throw new FileNotFoundException("The terraform stand-in is missing.", script);
            }
        }

        throw new DirectoryNotFoundException($"No Neptune.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>What one direct run of the stand-in printed.</summary>
internal sealed record StandInResult(int ExitCode, string Stdout, string Stderr);
