using System.Diagnostics;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>The CrashHost child process: a real Neptune the test talks to over stdin and kills with SIGKILL.</summary>
internal sealed class ChildHost : IDisposable
{
    private readonly Process process;

    private ChildHost(Process process) => this.process = process;

    public static async Task<ChildHost> StartAsync(string root)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrashHost.dll"));
        start.ArgumentList.Add(root);
        start.ArgumentList.Add(StandIn.Terraform);
        var child = new ChildHost(Process.Start(start)!);
        var first = await child.ReadLineAsync();
        return first == "ready" ? child : throw new InvalidOperationException($"The child did not start: {first} {await child.process.StandardError.ReadToEndAsync()}");
    }

    public async Task<string> SendAsync(string command)
    {
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();
        return await ReadLineAsync();
    }

    public async Task<Guid> RequestAsync(string root, string sha, string trigger = "Merge")
    {
        var answer = await SendAsync($"request {root} {sha} {trigger}");
        return answer.StartsWith("accepted ", StringComparison.Ordinal) ? Guid.Parse(answer["accepted ".Length..]) : throw new InvalidOperationException(answer);
    }

    /// <summary>Status words: stage, outcome (or -), plan attempts, then the result message.</summary>
    public async Task<string[]> StatusAsync(Guid id) => (await SendAsync($"status {id}")).Split(' ', 5)[1..];

    public async Task<string[]> WaitForStageAsync(Guid id, string stage)
    {
        var deadline = DateTime.UtcNow + NeptuneHarness.Patience;
        string[] status;
        while ((status = await StatusAsync(id))[0] != stage)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Deployment {id} never reached {stage}: {string.Join(' ', status)}");
            }

            await Task.Delay(50);
        }

        return status;
    }

    /// <summary>SIGKILL to the child and every process it started (terraform included): no shutdown code runs.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            KillHard();
        }

        process.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(NeptuneHarness.Patience);
        return await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException($"The child exited: {await process.StandardError.ReadToEndAsync()}");
    }
}
