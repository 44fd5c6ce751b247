using System.Diagnostics;
using System.Globalization;

namespace Neptune.Hosting.Hangfire.Tests.MultiNode;

/// <summary>A HangfireWorker child process: a real worker node on the shared PostgreSQL, killed with SIGKILL by the test.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public static async Task<WorkerProcess> StartAsync(string connectionString, string root, string name, int stepDelayMs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HangfireWorker.dll"));
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(root);
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(stepDelayMs.ToString(CultureInfo.InvariantCulture));
        var worker = new WorkerProcess(Process.Start(start)!, name);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await worker.process.StandardOutput.ReadLineAsync(timeout.Token);
        if (first != "ready")
        {
            throw new InvalidOperationException($"Worker {name} did not start: {first} {await worker.process.StandardError.ReadToEndAsync()}");
        }

        // Keep draining its output so a chatty worker never blocks on a full pipe.
        _ = worker.process.StandardOutput.ReadToEndAsync();
        _ = worker.process.StandardError.ReadToEndAsync();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, locks and fetched jobs are left behind.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            await process.StandardInput.WriteLineAsync("stop");
            await process.StandardInput.FlushAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                KillHard();
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            KillHard();
        }

        process.Dispose();
    }
}
