using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Neptune.Client;
using Neptune.Runs;
using Xunit.Abstractions;

namespace Neptune.Hosting.InProcess.Tests.Faults;

/// <summary>
/// The data dir (journal, workspaces, file stores, job logs) is a small tmpfs that fills up during a deployment.
/// Needs root (mount); skipped with the reason printed where mounting is not permitted.
/// </summary>
// Alone: with other tests running in parallel the full disk's timing varied and the journal sometimes still had room.
[Collection(DiskFullCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NeptuneHarness h = null!;
    private bool mounted;

    public async Task InitializeAsync()
    {
        h = await NeptuneHarness.StartAsync();
        await h.Neptune.DisposeAsync();
        Directory.Delete(h.DataDir, recursive: true);
        Directory.CreateDirectory(h.DataDir);
        var (code, text) = Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", h.DataDir);
        mounted = code == 0;
        if (!mounted)
        {
            output.WriteLine($"Skipped: cannot mount a tmpfs on the data dir (mount exited with {code}: {text.Trim()}); run as root to test a full disk.");
            return;
        }

        await h.StartNeptuneAsync();
    }

    public async Task DisposeAsync()
    {
        if (mounted)
        {
            await h.Neptune.DisposeAsync();
            Run("umount", "-l", h.DataDir);
        }

        await h.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_full_data_dir_fails_the_target_clearly_loses_no_accepted_revision_and_a_restart_after_freeing_space_deploys_it()
    {
        Skip.IfNot(mounted, "mounting a tmpfs is not permitted here (needs root)");
        var first = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "first");
        var d1 = await h.AcceptAsync(h.Request(first));
        await h.FinishedAsync(d1);

        var second = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 1), "second");
        var third = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "third");
        var d2 = await h.AcceptAsync(h.Request(second));
        await h.StageAsync(d2, DeploymentStage.Planning);
        var filler = Fill();

        // A revision requested now is either refused with the reason or accepted (and then deployed below): never lost.
        Guid? d3 = null;
        try
        {
            d3 = (await h.Neptune.RequestRevisionAsync(h.Request(third))).DeploymentId;
        }
        catch (InvalidOperationException e)
        {
            Assert.Contains("database or disk is full", e.Message, StringComparison.Ordinal);
        }

        // The plan's retries (fake time) fail on the full disk too; the journal write that follows is refused, and the
        // target's coordinator stops, saying why, instead of carrying on with state it could not save.
        var critical = await AdvanceUntilAsync(() => h.Logs.At(LogLevel.Critical).FirstOrDefault());
        Assert.Equal("Critical Neptune.Hosting.InProcess.Coordination.TargetCoordinator: The coordinator of acme/infra||production failed; its state is as last committed and is recovered at the next start. | SQLite Error 13: 'database or disk is full'.", critical);
        var status = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Neptune.GetDeploymentAsync(d2));
        Assert.Equal("The coordinator of acme/infra||production has failed (SQLite Error 13: 'database or disk is full'.); restart Neptune to recover it from the journal.", status.Message);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Neptune.RequestRevisionAsync(h.Request(third)));
        Assert.Equal("The coordinator of acme/infra||production has failed; restart Neptune to recover it from the journal.", refused.Message);
        Assert.Single(h.Logs.At(LogLevel.Critical)); // it stopped once; nothing restarts it in a loop

        // The plan job gives up after its retries; its log fits nowhere on disk and is kept in memory, said so.
        var kept = await AdvanceUntilAsync(() => h.Logs.At(LogLevel.Error).FirstOrDefault(l => l.Contains("nor kept in", StringComparison.Ordinal)));
        output.WriteLine(kept);
        Assert.Contains("could not be stored, nor kept in " + Path.Combine(h.DataDir, "logs-unsent") + " (No space left on device", kept, StringComparison.Ordinal);
        Assert.Contains("it is kept in memory and stored once the job log store answers, unless Neptune stops first.", kept, StringComparison.Ordinal);

        // Space is freed; a restart over the same data dir recovers the journal as last committed and deploys.
        File.Delete(filler);
        await h.RestartAsync();
        Assert.Contains(h.Logs.At(LogLevel.Error), l => l.Contains("it was only in memory and is lost", StringComparison.Ordinal)); // the failed plan's log
        Assert.Equal("ok", IntegrityCheck());
        var done = await h.FinishedAsync(d2);
        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        d3 ??= await h.AcceptAsync(h.Request(third));
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(d3.Value)).Result!.Outcome);
        Assert.Equal([d1, d2, d3.Value], h.Lines(h.ApplyLog).Select(NeptuneHarness.DeploymentOfApply));
    }

    /// <summary>Advances Neptune's clock 3 s at a time (the plan's retry backoff) until <paramref name="read"/> gives a value.</summary>
    private async Task<string> AdvanceUntilAsync(Func<string?> read)
    {
        for (var i = 0; ; i++)
        {
            if (read() is { } value)
            {
                return value;
            }

            Assert.True(i < 600, "Nothing was reported.");
            h.Time.Advance(TimeSpan.FromSeconds(3));
            await Task.Delay(50);
        }
    }

    private string IntegrityCheck()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.Neptune.Options.JournalPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Fills the data dir until the file system refuses another byte; returns the filler file.</summary>
    private string Fill()
    {
        var path = Path.Combine(h.DataDir, "filler");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        return path;
    }

    private static (int Code, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(start)!;
            var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, text);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}

/// <summary>Runs <see cref="DiskFullTests"/> with no other test at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiskFullCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "disk full";
}
