using global::Hangfire.Common;
using global::Hangfire.States;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>Everything one decision saves, committed together with the target's new state.</summary>
internal sealed class TargetWrites
{
    public List<Guid> Accepted { get; } = [];

    public List<FinishedDeployment> Finished { get; } = [];

    public List<OutboxItem> Outbox { get; } = [];

    public List<(Job Job, IState State)> Jobs { get; } = [];

    public Dictionary<Guid, RunPlacement> RunPlacements { get; } = [];

    public HashSet<Guid> ActiveRunsAdded { get; } = [];

    public HashSet<Guid> ActiveRunsRemoved { get; } = [];
}

/// <summary>A deployment that left its target for good.</summary>
internal sealed record FinishedDeployment(Guid DeploymentId, DateTimeOffset At, RunOutcome Outcome, string Snapshot);

/// <summary>Where a run stands and which node holds its files; the sweeper reads it to find runs of dead nodes.</summary>
/// <param name="Target">The target id.</param>
/// <param name="Node">The node that planned (holds the plan file), once known.</param>
/// <param name="Attempt">The plan attempt.</param>
/// <param name="Step">One of <see cref="RunSteps"/>.</param>
internal sealed record RunPlacement(string Target, string? Node, int Attempt, string Step);

/// <summary>The steps a run's placement records.</summary>
internal static class RunSteps
{
    public const string Plan = "plan";
    public const string Review = "review";
    public const string Apply = "apply";
    public const string Done = "done";
}
