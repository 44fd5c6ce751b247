using System.Diagnostics;

namespace Neptune.Git.Tests.Support;

/// <summary>
/// A bash script the adapters run as <see cref="GitOptions.Path"/>. Every call records its arguments
/// (one per line), its environment, and what git itself reads as <c>http.extraHeader</c>, then does what
/// the test asked for a <c>git fetch</c> and runs the real git for everything else.
/// </summary>
internal sealed class GitWrapper
{
    private GitWrapper(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "git-wrapper");
        Calls = System.IO.Path.Combine(directory, "calls");
        System.IO.Directory.CreateDirectory(Calls);
    }

    /// <summary>The wrapper's own directory.</summary>
    public string Directory { get; }

    /// <summary>The script to set as <see cref="GitOptions.Path"/>.</summary>
    public string Path { get; }

    /// <summary>Where each call's records go.</summary>
    public string Calls { get; }

    /// <summary>Written by <see cref="SleepOnFetch"/>: the pid of the wrapper's sleeping child.</summary>
    public string SleepPidFile => System.IO.Path.Combine(Directory, "sleep.pid");

    /// <summary>Runs the real git, rewriting any https:// argument to <paramref name="rewriteHttpsTo"/> when given.</summary>
    public static GitWrapper PassThrough(string directory, string? rewriteHttpsTo = null) =>
        Write(directory, OnFetch: rewriteHttpsTo is null ? "" : $$"""
            for i in "${!args[@]}"; do
              if [[ "${args[$i]}" == https://* ]]; then args[$i]='{{rewriteHttpsTo}}'; fi
            done
            """);

    /// <summary>On fetch, prints the Authorization header git was given and the token inside it to stderr, and fails.</summary>
    public static GitWrapper LeakOnFetch(string directory) => Write(directory, OnFetch: """
        header="$(git_real config --get http.extraheader)"
        encoded="${header##* }"
        echo "fatal: unable to access: sent '$header'" >&2
        echo "fatal: decoded credentials $(printf '%s' "$encoded" | base64 -d)" >&2
        exit 128
        """);

    /// <summary>On fetch, starts a long sleep as a child, records its pid, and waits for it.</summary>
    public static GitWrapper SleepOnFetch(string directory) => Write(directory, OnFetch: $"""
        sleep 300 &
        echo $! > '{System.IO.Path.Combine(directory, "sleep.pid.tmp")}'
        mv '{System.IO.Path.Combine(directory, "sleep.pid.tmp")}' '{System.IO.Path.Combine(directory, "sleep.pid")}'
        wait
        exit 1
        """);

    /// <summary>The recorded calls, in order.</summary>
    public IReadOnlyList<RecordedCall> RecordedCalls() => System.IO.Directory.GetFiles(Calls, "*.argv")
        .Order(StringComparer.Ordinal)
        .Select(argv => argv[..^".argv".Length])
        .Select(stem => new RecordedCall(
            File.ReadAllLines(stem + ".argv"),
            File.ReadAllText(stem + ".env"),
            File.Exists(stem + ".header") ? File.ReadAllText(stem + ".header").Trim() : null))
        .ToList();

    /// <summary>Waits until the sleeping child has written its pid (the fetch is then under way).</summary>
    public async Task<int> SleepPidAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            if (File.Exists(SleepPidFile) && int.TryParse(File.ReadAllText(SleepPidFile).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The wrapper never started its sleep.");
    }

    private static GitWrapper Write(string directory, string OnFetch)
    {
        var wrapper = new GitWrapper(directory);
        var script = $$"""
            #!/bin/bash
            git_real() { '{{RealGit.Path}}' "$@"; }
            stem='{{wrapper.Calls}}'/$(printf '%03d' "$(ls '{{wrapper.Calls}}' | grep -c '\.argv$')")
            printf '%s\n' "$@" > "$stem.argv"
            env > "$stem.env"
            args=("$@")
            if [[ " $* " == *" fetch "* ]]; then
              git_real config --get http.extraheader > "$stem.header"
            {{OnFetch}}
            fi
            exec '{{RealGit.Path}}' "${args[@]}"
            """;
        File.WriteAllText(wrapper.Path, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(wrapper.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }
}

/// <summary>One call of the wrapper.</summary>
/// <param name="Arguments">The arguments git was given.</param>
/// <param name="Environment">The output of <c>env</c> in that call.</param>
/// <param name="Header">For a fetch: what git itself read as <c>http.extraHeader</c> (empty when none).</param>
internal sealed record RecordedCall(IReadOnlyList<string> Arguments, string Environment, string? Header)
{
    public bool Is(string command) => Arguments.Contains(command);

    /// <summary>The value of one environment variable, or null.</summary>
    public string? Variable(string name) => Environment.Split('\n')
        .Where(line => line.StartsWith(name + "=", StringComparison.Ordinal))
        .Select(line => line[(name.Length + 1)..])
        .FirstOrDefault();
}

/// <summary>Process checks shared by the cancellation tests.</summary>
internal static class Processes
{
    /// <summary>Waits briefly for <paramref name="pid"/> to die (a killed child is reaped a moment later) and fails if it lives on.</summary>
    public static async Task AssertGoneAsync(int pid)
    {
        for (var i = 0; i < 100 && IsAlive(pid); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(IsAlive(pid), $"process {pid} is still running");
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            // Field 3 of /proc/PID/stat is the state; a zombie (Z) has already died.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Kills a leftover process of a failed test so it does not outlive the run.</summary>
    public static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
