using Neptune.Deploy;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Client;

/// <summary>Turns a target's decider state into what the client API shows; shared by every host so dashboards read the same everywhere.</summary>
public static class TargetStatusViews
{
    /// <summary>The status of a target from its decider state.</summary>
    public static TargetStatus Of(DeployState state)
    {
        ArgumentNullException.ThrowIfNull(state);
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

    /// <summary>The status of a finished deployment from its final run state.</summary>
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

    /// <summary>The stage of a running deployment from its run's last reported state.</summary>
    public static DeploymentStage StageOf(RunState? run) => run switch
    {
        null => DeploymentStage.Planning,
        { Apply.Status: JobStatus.InProgress } => DeploymentStage.Applying,
        { Review: ReviewStatus.Pending } => DeploymentStage.AwaitingReview,
        { IsFinished: true } => DeploymentStage.Finished,
        _ => DeploymentStage.Planning,
    };
}
