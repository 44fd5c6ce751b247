using Neptune.Model;

namespace Neptune.Runs;

/// <summary>Something the host must do for a run.</summary>
public abstract record RunCommand;

/// <summary>Fetch the source, then init, plan and show, streaming into the plan job's log.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="JobId">The plan job id.</param>
/// <param name="Attempt">1 for the first plan, more after an interruption.</param>
public sealed record ExecutePlan(Deployment Deployment, Guid JobId, int Attempt) : RunCommand;

/// <summary>Apply exactly the reviewed plan file. Issued at most once per run.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="JobId">The apply job id.</param>
public sealed record ExecuteApply(Deployment Deployment, Guid JobId) : RunCommand;

/// <summary>Fire <see cref="ReviewTimerFired"/> at <paramref name="DueAt"/>.</summary>
/// <param name="DueAt">When the review times out.</param>
public sealed record ScheduleReviewTimeout(DateTimeOffset DueAt) : RunCommand;

/// <summary>Tell the coordinator the run's new state.</summary>
/// <param name="State">The state after the event.</param>
public sealed record ReportRunState(RunState State) : RunCommand;

/// <summary>Delete the deployment's working files. Always issued once at the end; errors are ignored.</summary>
/// <param name="DeploymentId">The deployment.</param>
public sealed record CleanupWorkspace(Guid DeploymentId) : RunCommand;

/// <summary>The run is over; tell the coordinator the result.</summary>
/// <param name="Result">The result.</param>
public sealed record FinishRun(RunResult Result) : RunCommand;
