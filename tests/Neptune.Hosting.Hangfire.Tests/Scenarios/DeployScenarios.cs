using Hangfire;
using Neptune.Client;
using Neptune.Hosting.Hangfire.Tests.Support;
using Neptune.Model;
using Neptune.Ordering;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Tests.Scenarios;

/// <summary>
/// The standard end-to-end scenarios (merge auto-apply, manual confirm, reject, timeout, behind, lock/unlock, order)
/// on the Hangfire host: real git, the terraform stand-in, a real worker node. Subclasses choose the storage.
/// </summary>
public abstract class DeployScenarios : IAsyncLifetime
{
    private HangfireHarness h = null!;

    public async Task InitializeAsync() => h = await HangfireHarness.StartAsync(await CreateStorageAsync());

    public async Task DisposeAsync() => await h.DisposeAsync();

    protected abstract Task<JobStorage> CreateStorageAsync();

    [Fact]
    public async Task Merge_revision_plans_applies_automatically_and_persists_the_latest_deployment()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 2));

        var id = await h.AcceptAsync(h.Request(sha));
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.Equal(ReviewStatus.AutoApproved, done.Run!.Review);
        Assert.Equal(2, done.Run.PlanReading!.Value.Summary!.Creations);
        Assert.Single(h.Lines(h.ApplyLog), l => l.EndsWith("result=ok", StringComparison.Ordinal) && l.Contains("added=2", StringComparison.Ordinal));
        var latest = await HangfireHarness.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the latest deployment");
        Assert.Equal(sha, latest!.Revision);
        var audit = await HangfireHarness.EventuallyAsync(() => h.Lines(Path.Combine(h.DataDir, "audit.jsonl")), l => l.Length == 2, "wrote two audit events");
        Assert.Contains("\"state\":\"RUNNING\"", audit[0], StringComparison.Ordinal);
        Assert.Contains("\"state\":\"SUCCESS\"", audit[1], StringComparison.Ordinal);
        await HangfireHarness.EventuallyAsync(() => Directory.Exists(h.Options.DeploymentDir(id)), exists => !exists, "removed the workspace");
        var checkRun = await HangfireHarness.EventuallyAsync(() => h.CheckRuns.Latest(id), p => p?.View.Conclusion == CheckRuns.CheckRunConclusion.Success, "published a successful check run");
        Assert.Equal("neptune/deploy: production", checkRun!.View.Name);
    }

    [Fact]
    public async Task Manual_deploy_waits_for_confirm_and_then_applies_the_reviewed_plan()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));

        var id = await h.AcceptAsync(h.Request(sha, Trigger.Manual));
        var waiting = await h.StageAsync(id, DeploymentStage.AwaitingReview);
        Assert.Equal(RevisionOrdering.ManualTriggerReason, waiting.Run!.ReviewReason);
        Assert.Empty(h.Lines(h.ApplyLog));

        await h.Neptune.ReviewAsync(id, ReviewDecision.Confirm, "dana");
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.Equal("dana", done.Run!.ReviewedBy);
        Assert.Single(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Rejected_plan_is_never_applied_and_not_persisted()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        var id = await h.AcceptAsync(h.Request(sha, Trigger.Manual));
        await h.StageAsync(id, DeploymentStage.AwaitingReview);

        await h.Neptune.ReviewAsync(id, ReviewDecision.Reject, "dana");
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Rejected, done.Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
        Assert.Null(h.Latest());
        var late = await Assert.ThrowsAsync<NeptuneRejectedException>(() => h.Neptune.ReviewAsync(id, ReviewDecision.Confirm, "eve"));
        Assert.Contains("already finished", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_that_nobody_gives_times_out_after_seven_days_without_applying()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        var id = await h.AcceptAsync(h.Request(sha, Trigger.Manual));
        await h.StageAsync(id, DeploymentStage.AwaitingReview);

        h.Time.Advance(RunPolicy.ReviewTimeout - TimeSpan.FromMinutes(1));
        Assert.True(h.FireDueTimers() > 0);
        await Task.Delay(2000);
        Assert.Equal(DeploymentStage.AwaitingReview, (await h.Neptune.GetDeploymentAsync(id)).Stage);

        // The early timer waited again for the rest; once the deadline passes it times the review out.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var done = await h.WaitForAsync(id, s => { h.FireDueTimers(); return s.Stage == DeploymentStage.Finished; }, "finished");

        Assert.Equal(RunOutcome.ReviewTimeout, done.Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Revision_behind_the_deployed_one_is_rejected_without_planning()
    {
        var older = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "older");
        var newer = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "newer");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(newer)));

        var id = await h.AcceptAsync(h.Request(older));
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.ValidationFailed, done.Result!.Outcome);
        Assert.Equal(RevisionOrdering.BehindMessage, done.Result.Message);
        Assert.Null(done.Run);
        Assert.Single(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Manual_deploy_locks_merges_until_someone_unlocks()
    {
        var manual = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "hotfix");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(manual, Trigger.Manual)));
        var merge = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "merged");

        var id = await h.AcceptAsync(h.Request(merge));
        var target = await h.Neptune.GetTargetAsync(HangfireHarness.Target());
        Assert.True(target.Lock.IsLocked);
        Assert.Equal(manual, target.Lock.Revision);
        Assert.Equal(DeploymentStage.Locked, Assert.Single(target.Merge).Stage);

        await h.Neptune.UnlockAsync(HangfireHarness.Target(), "dana");
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.False((await h.Neptune.GetTargetAsync(HangfireHarness.Target())).Lock.IsLocked);
        await Assert.ThrowsAsync<NeptuneRejectedException>(() => h.Neptune.UnlockAsync(HangfireHarness.Target(), "dana"));
    }

    [Fact]
    public async Task Merges_queue_behind_a_running_deployment_and_run_in_order()
    {
        var first = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 1), "one");
        var second = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "two");
        var third = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "three");

        var ids = new[] { await h.AcceptAsync(h.Request(first)), await h.AcceptAsync(h.Request(second)), await h.AcceptAsync(h.Request(third)) };
        var queued = await h.Neptune.GetTargetAsync(HangfireHarness.Target());
        Assert.Equal(ids[1..], queued.Merge.Select(d => d.Deployment.Id));

        foreach (var id in ids)
        {
            Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(id)).Result!.Outcome);
        }

        Assert.Equal(3, h.Lines(h.ApplyLog).Length);
        Assert.Equal(third, (await HangfireHarness.EventuallyAsync(() => h.Latest(), l => l?.Revision == third, "persisted the last merge"))!.Revision);
    }

    [Fact]
    public async Task Failed_plan_is_persisted_with_terraforms_reason_and_nothing_is_applied()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, fail: "plan"));

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
        Assert.Equal(sha, (await HangfireHarness.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the failed deployment"))!.Revision);
    }
}
