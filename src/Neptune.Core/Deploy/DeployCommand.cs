using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Deploy;

/// <summary>Something the host must do for a target.</summary>
public abstract record DeployCommand;

/// <summary>Compare the deployment's revision with the latest deployed one and report <see cref="OrderingResolved"/>. Retried until it works (<see cref="RunPolicy.Compare"/>).</summary>
/// <param name="DeploymentId">The deployment.</param>
/// <param name="Repo">The repository.</param>
/// <param name="BaseRevision">The latest deployed revision.</param>
/// <param name="HeadRevision">The deployment's revision.</param>
public sealed record CompareRevisions(Guid DeploymentId, RepoRef Repo, string BaseRevision, string HeadRevision) : DeployCommand;

/// <summary>Start the terraform run of the deployment (drive a <see cref="RunDecider"/> from <see cref="RunRequested"/>).</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="Approval">How its plan is approved.</param>
public sealed record StartRun(Deployment Deployment, PlanApproval Approval) : DeployCommand;

/// <summary>Create or update a check run; report the id back with <see cref="CheckRunPublished"/>.</summary>
/// <param name="Publication">What to publish.</param>
public sealed record PublishCheckRun(CheckRunPublication Publication) : DeployCommand;

/// <summary>Send an audit event (issued exactly once per apply state change).</summary>
/// <param name="Event">The event.</param>
public sealed record PublishAudit(AuditEvent Event) : DeployCommand;

/// <summary>Store the deployment as the target's latest.</summary>
/// <param name="Deployment">The record.</param>
public sealed record PersistLatest(LatestDeployment Deployment) : DeployCommand;

/// <summary>Fire <see cref="IdleTimerFired"/> at <paramref name="DueAt"/> (replacing an earlier idle timer; fire at once if already due).</summary>
/// <param name="DueAt">When.</param>
public sealed record ScheduleIdleTimer(DateTimeOffset DueAt) : DeployCommand;

/// <summary>The coordinator is idle and ends. A later revision starts a new one.</summary>
public sealed record StopCoordinator : DeployCommand
{
    /// <summary>The one instance.</summary>
    public static StopCoordinator Instance { get; } = new();
}

/// <summary>A deployment left the coordinator for good: its run finished, or the ordering rules refused it. For history and metrics.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="Result">How it ended.</param>
/// <param name="Run">Its final run state; <see langword="null"/> when it never ran (validation failure).</param>
public sealed record DeploymentFinished(Deployment Deployment, RunResult Result, RunState? Run) : DeployCommand;
