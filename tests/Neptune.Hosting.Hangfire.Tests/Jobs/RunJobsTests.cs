using Neptune.Client;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Hosting.Hangfire.Jobs;
using Neptune.Hosting.Hangfire.Tests.Support;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Tests.Jobs;

/// <summary>The plan and apply job handlers, called directly over Hangfire.InMemory (no server).</summary>
public sealed class RunJobsTests : IAsyncLifetime
{
    private HangfireHarness h = null!;

    public async Task InitializeAsync() => h = await InMemoryHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private string TargetId => HangfireHarness.Target().Id;

    [Fact]
    public async Task Plan_then_apply_run_once_and_a_second_apply_job_does_nothing()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var jobs = new RunJobs(h.Neptune.Runtime);

        await jobs.PlanAsync(TargetId, id, 1, CancellationToken.None);
        Assert.Equal(DeploymentStage.Applying, (await h.Neptune.GetDeploymentAsync(id)).Stage);
        await jobs.ApplyAsync(TargetId, id, CancellationToken.None);
        await jobs.ApplyAsync(TargetId, id, CancellationToken.None);

        var done = await h.Neptune.GetDeploymentAsync(id);
        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.Single(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task An_apply_whose_start_was_recorded_is_reported_interrupted_and_never_run_again()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var jobs = new RunJobs(h.Neptune.Runtime);
        await jobs.PlanAsync(TargetId, id, 1, CancellationToken.None);

        // The process recorded the apply's start and died before terraform reported anything.
        var (claim, _, _) = new RunClaims(h.Neptune.Runtime).ClaimApply(HangfireHarness.Target(), id);
        Assert.Equal(RunClaims.ApplyClaim.Claimed, claim);
        await jobs.ApplyAsync(TargetId, id, CancellationToken.None);

        var done = await h.Neptune.GetDeploymentAsync(id);
        Assert.Equal(RunOutcome.Interrupted, done.Result!.Outcome);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task A_stale_plan_attempt_does_nothing()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));

        await new RunJobs(h.Neptune.Runtime).PlanAsync(TargetId, id, 2, CancellationToken.None);

        var status = await h.Neptune.GetDeploymentAsync(id);
        Assert.Equal(DeploymentStage.Planning, status.Stage);
        Assert.Equal(JobStatus.InProgress, status.Run!.Plan.Status);
        Assert.False(Directory.Exists(h.Options.DeploymentDir(id)));
    }

    [Fact]
    public async Task An_apply_job_on_a_node_that_did_not_plan_does_nothing()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        await new RunJobs(InMemoryHarness.DeadNode(h).Runtime).PlanAsync(TargetId, id, 1, CancellationToken.None);

        await new RunJobs(h.Neptune.Runtime).ApplyAsync(TargetId, id, CancellationToken.None);

        Assert.Equal(DeploymentStage.Applying, (await h.Neptune.GetDeploymentAsync(id)).Stage);
        Assert.Empty(h.Lines(h.ApplyLog));
    }
}
