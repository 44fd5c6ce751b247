using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Deploy;

/// <summary>Something that happened to a target's coordinator. Time and ids enter only through events.</summary>
public abstract record DeployEvent
{
    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// The coordinator started (first start, or after an idle stop). The lock is rebuilt from the latest
/// deployment: locked at its revision when it was manual.
/// </summary>
public sealed record TargetStarted : DeployEvent
{
    /// <summary>The latest deployment read from the store, or <see langword="null"/> for a never-deployed target.</summary>
    public LatestDeployment? Latest { get; init; }
}

/// <summary>A revision was requested; the host chose the deployment id it gets if accepted.</summary>
public sealed record RevisionRequested : DeployEvent
{
    /// <summary>The id the deployment gets (a new random UUID chosen by the host).</summary>
    public required Guid DeploymentId { get; init; }

    /// <summary>The request.</summary>
    public required RevisionRequest Request { get; init; }
}

/// <summary>Someone pressed Unlock (check run, dashboard, API).</summary>
public sealed record UnlockRequested : DeployEvent
{
    /// <summary>Who unlocked.</summary>
    public string? User { get; init; }
}

/// <summary>The result of a <see cref="CompareRevisions"/> command.</summary>
public sealed record OrderingResolved : DeployEvent
{
    /// <summary>The deployment that was compared.</summary>
    public required Guid DeploymentId { get; init; }

    /// <summary>How its revision relates to the latest deployed one.</summary>
    public required CompareDirection Direction { get; init; }
}

/// <summary>The run of the current deployment reported a new state (a finished state ends the deployment).</summary>
public sealed record RunStateChanged : DeployEvent
{
    /// <summary>The run's state, as produced by the <see cref="RunDecider"/>.</summary>
    public required RunState State { get; init; }
}

/// <summary>A check-run publisher created or updated a check run and reports its id.</summary>
public sealed record CheckRunPublished : DeployEvent
{
    /// <summary>The deployment.</summary>
    public required Guid DeploymentId { get; init; }

    /// <summary>Which check run of the deployment.</summary>
    public required int Generation { get; init; }

    /// <summary>GitHub's id (64-bit: ids exceed 32 bits).</summary>
    public required long CheckRunId { get; init; }
}

/// <summary>The idle timer scheduled by <see cref="ScheduleIdleTimer"/> fired.</summary>
public sealed record IdleTimerFired : DeployEvent;
