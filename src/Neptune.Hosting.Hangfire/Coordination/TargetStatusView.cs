using Neptune.Client;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>Turns a target's decider state, as saved in storage, into what the client API shows.</summary>
internal static class TargetStatusView
{
    public static TargetStatus Of(DeployState state)
    {
        var locked = state.Queue.Lock.IsLocked;
        return new TargetStatus
        {
            Target = state.Target,
            Lock = state.Queue.Lock,
            Manual = state.Queue.Manual.Select(d => Queued(state, d, DeploymentStage.Queued)).ToArray(),
            Merge = state.Queue.Merge.Select(d => Queued(state, d, locked ? DeploymentStage.Locked : DeploymentStage.Queued)).ToArray(),
            Current = state.Current is { } current ? Current(state, current) : null,
            Latest = state.Latest,
        };
    }

    /// <summary>A stopped target as it would start again: the decider rebuilds the lock from its latest deployment.</summary>
    public static TargetStatus Resting(DeployTarget target, LatestDeployment? latest, DateTimeOffset now)
    {
        var state = new DeployState(target);
        DeployDecider.Decide(state, new TargetStarted { At = now, Latest = latest });
        return Of(state);
    }

    public static DeploymentStatus Finished(RunState snapshot, DateTimeOffset finishedAt) => new()
    {
        Deployment = snapshot.Deployment,
        Stage = DeploymentStage.Finished,
        Run = snapshot.PlanAttempts > 0 ? snapshot : null,
        Result = snapshot.Result,
        FinishedAt = finishedAt,
    };

    private static DeploymentStatus Queued(DeployState state, Deployment d, DeploymentStage stage) => new()
    {
        Deployment = d,
        Stage = stage,
        CheckRunId = state.CheckRunOf(d.Id)?.CheckRunId,
    };

    private static DeploymentStatus Current(DeployState state, CurrentDeployment current) => new()
    {
        Deployment = current.Deployment,
        Stage = current.Phase == DeploymentPhase.Ordering ? DeploymentStage.CheckingOrder : StageOf(current.Run),
        Run = current.Run,
        CheckRunId = state.CheckRunOf(current.Deployment.Id)?.CheckRunId,
    };

    private static DeploymentStage StageOf(RunState? run) => run switch
    {
        null => DeploymentStage.Planning,
        { Apply.Status: JobStatus.InProgress } => DeploymentStage.Applying,
        { Review: ReviewStatus.Pending } => DeploymentStage.AwaitingReview,
        _ => DeploymentStage.Planning,
    };
}
