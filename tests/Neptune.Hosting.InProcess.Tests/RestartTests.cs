using Neptune.Client;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>Stopping and starting the host (graceful restarts and the idle rule) loses nothing. Crashes: see CrashTests.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Queue_survives_a_restart_in_order_and_the_interrupted_plan_runs_again()
    {
        var shas = Enumerable.Range(1, 4).Select(i => h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: i == 1 ? 2 : 0), $"change {i}")).ToArray();
        var ids = new List<Guid>();
        foreach (var sha in shas)
        {
            ids.Add(await h.AcceptAsync(h.Request(sha)));
        }

        await h.StageAsync(ids[0], DeploymentStage.Planning);
        await h.RestartAsync();

        var target = await h.Neptune.GetTargetAsync(NeptuneHarness.Target());
        Assert.Equal(ids[0], target.Current!.Deployment.Id);
        Assert.Equal(ids[1..], target.Merge.Select(d => d.Deployment.Id));
        foreach (var id in ids)
        {
            Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(id)).Result!.Outcome);
        }

        // Each apply record names its workspace, which is named by the deployment: applies ran in queue order.
        Assert.Equal(ids, h.Lines(h.ApplyStarts).Select(NeptuneHarness.DeploymentOfApply));
        Assert.Equal(4, h.Lines(h.ApplyLog).Length);
    }

    [Fact]
    public async Task Pending_review_survives_a_restart_and_keeps_its_deadline()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        var id = await h.AcceptAsync(h.Request(sha, Trigger.Manual));
        var waiting = await h.StageAsync(id, DeploymentStage.AwaitingReview);

        await h.RestartAsync();
        Assert.Equal(DeploymentStage.AwaitingReview, (await h.Neptune.GetDeploymentAsync(id)).Stage);
        h.Time.Advance(waiting.Run!.ReviewDeadline!.Value - h.Time.GetUtcNow());

        Assert.Equal(RunOutcome.ReviewTimeout, (await h.FinishedAsync(id)).Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Idle_target_stops_after_an_hour_and_a_new_request_starts_it_with_the_lock_rebuilt()
    {
        var manual = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "manual");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(manual, Trigger.Manual)));
        await h.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the manual deploy");

        h.Time.Advance(RunPolicy.IdleTimeout);
        var stopped = await h.EventuallyAsync(() => h.Neptune.GetTargetsAsync(), t => t.Count == 1 && t[0].Current is null && t[0].Manual.Count == 0, "stopped");
        Assert.True(stopped[0].Lock.IsLocked);

        var merge = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "merge");
        var id = await h.AcceptAsync(h.Request(merge));
        var target = await h.Neptune.GetTargetAsync(NeptuneHarness.Target());

        Assert.Equal(manual, target.Lock.Revision);
        Assert.Equal(DeploymentStage.Locked, Assert.Single(target.Merge).Stage);
        Assert.Equal(id, target.Merge[0].Deployment.Id);
    }

    [Fact]
    public async Task Status_queries_racing_a_target_that_stops_for_idleness_are_all_answered()
    {
        // A query that reached a coordinator between its last read and its retirement used to wait forever in a mailbox
        // nobody read (the test host then hung). Each cycle starts the target (a refused unlock starts its coordinator),
        // lets its idle timer stop it while queries keep arriving, and requires every query to be answered.
        var target = NeptuneHarness.Target();
        await h.FinishedAsync(await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "first"))));
        for (var cycle = 0; cycle < 30; cycle++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => h.Neptune.UnlockAsync(target, "bob"));
            using var done = new CancellationTokenSource();
            var queries = Task.Run(async () =>
            {
                var answered = 0;
                while (!done.IsCancellationRequested || answered == 0)
                {
                    await h.Neptune.GetTargetAsync(target).WaitAsync(TimeSpan.FromSeconds(20));
                    await h.Neptune.GetTargetsAsync().WaitAsync(TimeSpan.FromSeconds(20));
                    answered++;
                }

                return answered;
            });

            for (var step = 0; step < 10; step++)
            {
                h.Time.Advance(RunPolicy.IdleTimeout / 5);
                await Task.Delay(2);
            }

            done.Cancel();
            Assert.True(await queries > 0);
        }
    }
}
