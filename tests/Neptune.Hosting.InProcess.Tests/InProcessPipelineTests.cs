using Neptune.Client;
using Neptune.Model;
using Neptune.Ordering;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>The deploy pipeline end to end: real git, the terraform stand-in, the SQLite journal and file stores.</summary>
public sealed class InProcessPipelineTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

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
        var latest = await h.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the latest deployment");
        Assert.Equal(sha, latest!.Revision);
        var audit = await h.EventuallyAsync(() => h.Lines(Path.Combine(h.DataDir, "audit.jsonl")), l => l.Length == 2, "wrote two audit events");
        Assert.Contains("\"state\":\"RUNNING\"", audit[0], StringComparison.Ordinal);
        Assert.Contains("\"state\":\"SUCCESS\"", audit[1], StringComparison.Ordinal);
        await h.EventuallyAsync(() => Directory.Exists(h.Neptune.Options.DeploymentDir(id)), exists => !exists, "removed the workspace");
        var checkRun = await h.EventuallyAsync(() => h.CheckRuns.Latest(id), p => p?.View.Conclusion == CheckRuns.CheckRunConclusion.Success, "published a successful check run");
        Assert.Equal("neptune/deploy: production", checkRun!.View.Name);
    }

    [Fact]
    public async Task A_deployment_is_known_at_every_moment_while_it_finishes()
    {
        // Regression: a status query answered in the same batch as the finish, before the commit, said the
        // deployment had left the queue while the journal's history did not have it yet, so GetDeploymentAsync threw.
        // A race: without the fix this catches it in about a third of runs on a 2-core machine, not every time.
        var polling = new CancellationTokenSource();
        var queries = 0;
        async Task PollAsync(Guid id)
        {
            while (!polling.IsCancellationRequested)
            {
                if ((await h.Neptune.GetDeploymentAsync(id)).Stage == DeploymentStage.Finished)
                {
                    return;
                }

                Interlocked.Increment(ref queries);
            }
        }

        for (var i = 0; i < 8; i++)
        {
            var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: i % 3))));
            var pollers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => PollAsync(id))).ToArray();
            await Task.WhenAll(pollers).WaitAsync(NeptuneHarness.Patience); // a NeptuneNotFoundException fails it here
        }

        Assert.True(queries > 100, $"Only {queries} queries raced the finishes.");
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
        Assert.Equal(DeploymentStage.AwaitingReview, (await h.Neptune.GetDeploymentAsync(id)).Stage);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.ReviewTimeout, done.Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Manual_deploy_whose_plan_has_no_changes_applies_without_review()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 0));

        var id = await h.AcceptAsync(h.Request(sha, Trigger.Manual));
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.Equal(ReviewStatus.AutoApproved, done.Run!.Review);
        Assert.Single(h.Lines(h.ApplyLog));
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
        Assert.Equal(newer, (await h.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the newer revision"))!.Revision);
    }

    [Fact]
    public async Task Revision_diverged_from_the_deployed_one_needs_review()
    {
        var trunk = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "trunk");
        var deployed = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "deployed");
        h.Repo.Branch("feature", trunk);
        var diverged = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "feature work");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(deployed)));

        var id = await h.AcceptAsync(h.Request(diverged, branch: "feature"));
        var waiting = await h.StageAsync(id, DeploymentStage.AwaitingReview);

        Assert.Contains("diverged", waiting.Run!.ReviewReason, StringComparison.Ordinal);
        Assert.Single(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Rerun_of_the_deployed_revision_runs_but_a_rerun_of_another_revision_is_refused()
    {
        var deployed = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "deployed");
        var newer = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "newer");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(deployed)));

        var rerunOther = await h.FinishedAsync(await h.AcceptAsync(h.Request(newer, Trigger.Manual, rerun: true)));
        Assert.Equal(RunOutcome.ValidationFailed, rerunOther.Result!.Outcome);
        Assert.Equal(RevisionOrdering.InvalidRerunMessage, rerunOther.Result.Message);

        var rerun = await h.FinishedAsync(await h.AcceptAsync(h.Request(deployed, Trigger.Manual, rerun: true)));
        Assert.Equal(RunOutcome.Succeeded, rerun.Result!.Outcome);
        Assert.Equal(2, h.Lines(h.ApplyLog).Length);
    }

    [Fact]
    public async Task Manual_deploy_locks_merges_until_someone_unlocks()
    {
        var manual = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "hotfix");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(manual, Trigger.Manual)));
        var merge = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "merged");

        var id = await h.AcceptAsync(h.Request(merge));
        var target = await h.Neptune.GetTargetAsync(NeptuneHarness.Target());
        Assert.True(target.Lock.IsLocked);
        Assert.Equal(manual, target.Lock.Revision);
        Assert.Equal(DeploymentStage.Locked, Assert.Single(target.Merge).Stage);

        await h.Neptune.UnlockAsync(NeptuneHarness.Target(), "dana");
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.False((await h.Neptune.GetTargetAsync(NeptuneHarness.Target())).Lock.IsLocked);
        await Assert.ThrowsAsync<NeptuneRejectedException>(() => h.Neptune.UnlockAsync(NeptuneHarness.Target(), "dana"));
    }

    [Fact]
    public async Task Failed_plan_is_persisted_with_terraforms_reason_and_nothing_is_applied()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, fail: "plan"));

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.Equal(1, done.Run!.PlanAttempts);
        Assert.Empty(h.Lines(h.ApplyLog));
        var latest = await h.EventuallyAsync(() => h.Latest(), l => l is not null, "persisted the failed deployment");
        Assert.Equal(sha, latest!.Revision);
    }

    [Fact]
    public async Task Two_targets_plan_at_the_same_time()
    {
        var sha = h.Commit2Roots();
        var a = await h.AcceptAsync(h.Request(sha, root: "network"));
        var b = await h.AcceptAsync(h.Request(sha, root: "dns"));

        // Each plan sleeps 3 s and a finished plan's workspace is removed, so both sleep markers exist at once only in parallel.
        await h.EventuallyAsync(() => Directory.GetFiles(h.DataDir, ".standin-sleep.pid", SearchOption.AllDirectories).Length, n => n == 2, "seen both plans running");
        Assert.Equal(DeploymentStage.Planning, (await h.Neptune.GetDeploymentAsync(a)).Stage);
        Assert.Equal(DeploymentStage.Planning, (await h.Neptune.GetDeploymentAsync(b)).Stage);
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(a)).Result!.Outcome);
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(b)).Result!.Outcome);
        Assert.Equal(2, h.Lines(h.ApplyLog).Length);
    }

    [Fact]
    public async Task Merges_queue_behind_a_running_deployment_and_run_in_order()
    {
        var first = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 1), "one");
        var second = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "two");
        var third = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "three");

        var ids = new[] { await h.AcceptAsync(h.Request(first)), await h.AcceptAsync(h.Request(second)), await h.AcceptAsync(h.Request(third)) };
        var queued = await h.Neptune.GetTargetAsync(NeptuneHarness.Target());
        Assert.Equal(ids[1..], queued.Merge.Select(d => d.Deployment.Id));

        foreach (var id in ids)
        {
            Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(id)).Result!.Outcome);
        }

        var applied = h.Lines(h.ApplyLog);
        Assert.Equal(3, applied.Length);
        Assert.Equal(third, (await h.EventuallyAsync(() => h.Latest(), l => l?.Revision == third, "persisted the last merge"))!.Revision);
    }

    [Fact]
    public async Task Plan_that_fails_inside_neptune_is_retried_with_backoff_then_reported_as_an_internal_error()
    {
        h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        var missing = new string('f', 40);
        var id = await h.AcceptAsync(h.Request(missing));

        // Each retry waits for the policy's back-off on the fake clock: move it on until the run gives up.
        var done = await h.EventuallyAsync(
            async () =>
            {
                h.Time.Advance(TimeSpan.FromMinutes(1));
                return await h.Neptune.GetDeploymentAsync(id);
            },
            s => s.Stage == DeploymentStage.Finished,
            "given up on the plan");

        Assert.Equal(RunOutcome.InternalError, done.Result!.Outcome);
        Assert.Contains(missing, done.Result.Message, StringComparison.Ordinal);
        var log = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(done.Deployment.PlanJobId))
        {
            log.Add(line);
        }

        Assert.Equal(RunPolicy.Plan.MaximumAttempts, log.Count(l => l.StartsWith("[neptune] fetching", StringComparison.Ordinal)));
        Assert.Equal(RunPolicy.Plan.MaximumAttempts - 1, log.Count(l => l.Contains("failed; trying again", StringComparison.Ordinal)));
        Assert.Empty(h.Lines(h.ApplyLog));
    }
}
