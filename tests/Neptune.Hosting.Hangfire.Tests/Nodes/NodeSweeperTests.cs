using Hangfire.States;
using Neptune.Client;
using Neptune.Hosting.Hangfire.Jobs;
using Neptune.Hosting.Hangfire.Nodes;
using Neptune.Hosting.Hangfire.Tests.Support;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Tests.Nodes;

/// <summary>Dead-node detection over Hangfire.InMemory: plans move to a live node, applies are marked interrupted.</summary>
public sealed class NodeSweeperTests : IAsyncLifetime
{
    private HangfireHarness h = null!;

    public async Task InitializeAsync() => h = await InMemoryHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private string TargetId => HangfireHarness.Target().Id;

    [Fact]
    public async Task A_plan_on_a_dead_node_is_planned_again_by_a_live_node()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var dead = InMemoryHarness.DeadNode(h);
        Assert.NotNull(new Hangfire.Coordination.RunClaims(dead.Runtime).ClaimPlan(HangfireHarness.Target(), id, 1));
        var sweeper = new NodeSweeper(h.Neptune.Runtime);
        sweeper.Beat();

        Assert.Equal(1, sweeper.Sweep());
        var events = new TargetEventJobs(h.Neptune.Runtime);
        await events.RecoverAsync(TargetId, id, "plan", 1, CancellationToken.None);
        await events.RecoverAsync(TargetId, id, "plan", 1, CancellationToken.None);

        var replanning = await h.Neptune.GetDeploymentAsync(id);
        Assert.Equal(2, replanning.Run!.PlanAttempts);
        Assert.Equal(0, sweeper.Sweep());
        await new RunJobs(h.Neptune.Runtime).PlanAsync(TargetId, id, 2, CancellationToken.None);
        await new RunJobs(h.Neptune.Runtime).ApplyAsync(TargetId, id, CancellationToken.None);
        Assert.Equal(RunOutcome.Succeeded, (await h.Neptune.GetDeploymentAsync(id)).Result!.Outcome);
        Assert.Single(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task An_apply_on_a_dead_node_is_marked_interrupted_and_never_applied()
    {
        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var dead = InMemoryHarness.DeadNode(h);
        await new RunJobs(dead.Runtime).PlanAsync(TargetId, id, 1, CancellationToken.None);
        Assert.Equal(1, InMemoryHarness.Enqueued(h, dead.Runtime.Node.Queue));

        var sweeper = new NodeSweeper(h.Neptune.Runtime);
        Assert.Equal(1, sweeper.Sweep());
        await new TargetEventJobs(h.Neptune.Runtime).RecoverAsync(TargetId, id, "apply", 1, CancellationToken.None);

        var done = await h.Neptune.GetDeploymentAsync(id);
        Assert.Equal(DeploymentStage.Finished, done.Stage);
        Assert.Equal(RunOutcome.Interrupted, done.Result!.Outcome);

        // Even if the dead node came back and ran its queued apply job, nothing is applied.
        await new RunJobs(dead.Runtime).ApplyAsync(TargetId, id, CancellationToken.None);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public void Node_queue_names_use_only_characters_hangfire_accepts()
    {
        var node = NodeIdentity.Create("Build-Agent.7");

        Assert.Equal("build_agent_7", node.Name);
        Assert.Equal("neptune_node_build_agent_7", node.Queue);
        Assert.Matches("^[a-z0-9_]+$", NodeIdentity.Create(null).Queue);
        _ = new EnqueuedState(node.Queue);
    }
}
