using Neptune.Model;
using Neptune.Plans;

namespace Neptune.Runs;

/// <summary>Something that happened to a run. Time enters only through <see cref="At"/>.</summary>
public abstract record RunEvent
{
    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The coordinator started the run.</summary>
public sealed record RunRequested : RunEvent
{
    /// <summary>The deployment to run.</summary>
    public required Deployment Deployment { get; init; }

    /// <summary>How its plan is approved.</summary>
    public required PlanApproval Approval { get; init; }
}

/// <summary>Init, plan and show finished; the plan JSON was read (or could not be).</summary>
public sealed record PlanSucceeded : RunEvent
{
    /// <summary>The plan summary, or why it could not be read.</summary>
    public required PlanReading Reading { get; init; }
}

/// <summary>The plan failed for good (the host already applied <see cref="RunPolicy.Plan"/>'s retries).</summary>
public sealed record PlanFailed : RunEvent
{
    /// <summary>What kind of failure; must satisfy <see cref="RunOutcomes.IsStepFailure"/>.</summary>
    public required RunOutcome Failure { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Message { get; init; }
}

/// <summary>A person confirmed or rejected the plan.</summary>
public sealed record ReviewSubmitted : RunEvent
{
    /// <summary>Confirm or reject.</summary>
    public required ReviewDecision Decision { get; init; }

    /// <summary>The reviewer's login.</summary>
    public required string User { get; init; }
}

/// <summary>The review timer fired.</summary>
public sealed record ReviewTimerFired : RunEvent;

/// <summary>The apply finished successfully.</summary>
public sealed record ApplySucceeded : RunEvent;

/// <summary>The apply failed (never retried).</summary>
public sealed record ApplyFailed : RunEvent
{
    /// <summary>What kind of failure; must satisfy <see cref="RunOutcomes.IsStepFailure"/>.</summary>
    public required RunOutcome Failure { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Message { get; init; }
}

/// <summary>
/// The host restarted with this run unfinished: an interrupted plan is planned again, an interrupted
/// apply is marked <see cref="RunOutcome.Interrupted"/> and never applied again.
/// </summary>
public sealed record RunRecovered : RunEvent;
