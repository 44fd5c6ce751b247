namespace Neptune.Hosting.InProcess.Tests;

/// <summary>
/// kill -9 at the worst moments, with a real child process: no revision is lost and no apply runs twice.
/// The harness only lends its folder layout and git repository; the Neptune under test is the child's.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync()
    {
        h = await NeptuneHarness.StartAsync();

        // The child owns the data folder; the harness' own Neptune must not hold the journal.
        await h.Neptune.DisposeAsync();
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Five_queued_revisions_are_still_queued_in_order_after_kill_9()
    {
        var busy = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 60), "busy");
        var shas = Enumerable.Range(1, 5).Select(i => h.Repo.CommitRoot("production", StandIn.Json(changes: 1), $"queued {i}")).ToArray();
        Guid current;
        var queued = new List<Guid>();
        using (var child = await ChildHost.StartAsync(h.Root))
        {
            current = await child.RequestAsync("production", busy);
            foreach (var sha in shas)
            {
                queued.Add(await child.RequestAsync("production", sha));
            }

            await child.WaitForStageAsync(current, "Planning");
            child.KillHard();
        }

        using var restarted = await ChildHost.StartAsync(h.Root);
        var target = await restarted.SendAsync("target production");

        Assert.Equal($"target {current} {string.Join(',', queued)}", target);
    }

    [Fact]
    public async Task Plan_killed_mid_way_is_planned_again_after_restart_and_applied_once()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 3));
        Guid id;
        using (var child = await ChildHost.StartAsync(h.Root))
        {
            id = await child.RequestAsync("production", sha);
            await h.EventuallyAsync(() => Directory.GetFiles(h.DataDir, ".standin-sleep.pid", SearchOption.AllDirectories).Length, n => n == 1, "seen the plan running");
            child.KillHard();
        }

        Assert.Empty(h.Lines(h.ApplyStarts));
        using var restarted = await ChildHost.StartAsync(h.Root);
        var done = await restarted.WaitForStageAsync(id, "Finished");

        Assert.Equal("Succeeded", done[1]);
        Assert.Equal("2", done[2]);
        Assert.Single(h.Lines(h.ApplyStarts));
    }

    [Fact]
    public async Task Apply_killed_mid_way_is_marked_interrupted_and_never_applied_again()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 60, sleepIn: "apply"));
        Guid id;
        using (var child = await ChildHost.StartAsync(h.Root))
        {
            id = await child.RequestAsync("production", sha);
            await h.EventuallyAsync(() => h.Lines(h.ApplyStarts).Length, n => n == 1, "seen the apply start");
            child.KillHard();
        }

        using var restarted = await ChildHost.StartAsync(h.Root);
        var done = await restarted.WaitForStageAsync(id, "Finished");

        Assert.Equal("Interrupted", done[1]);
        Assert.Contains("interrupted during apply — state unknown, check and rerun", done[3], StringComparison.Ordinal);
        Assert.Single(h.Lines(h.ApplyStarts));
        Assert.Empty(h.Lines(h.ApplyLog));

        // Restarting again changes nothing: the interrupted apply stays finished and unapplied.
        restarted.KillHard();
        using var again = await ChildHost.StartAsync(h.Root);
        Assert.Equal("Interrupted", (await again.StatusAsync(id))[1]);
        Assert.Single(h.Lines(h.ApplyStarts));
    }
}
