using Neptune.Model;
using Neptune.Plans;

namespace Neptune.Runs;

/// <summary>
/// Everything known about one terraform run (plan → review → apply). Immutable: the
/// <see cref="RunDecider"/> returns a new one for every accepted event, and the same value is what
/// the run reports to its coordinator.
/// </summary>
public sealed record RunState
{
    /// <summary>The deployment being run.</summary>
    public required Deployment Deployment { get; init; }

    /// <summary>How the plan is approved.</summary>
    public required PlanApproval Approval { get; init; }

    /// <summary>The plan job (init + plan + show).</summary>
    public required JobSnapshot Plan { get; init; }

    /// <summary>The apply job.</summary>
    public required JobSnapshot Apply { get; init; }

    /// <summary>The plan's summary (or why it could not be read), once the plan finished.</summary>
    public PlanReading? PlanReading { get; init; }

    /// <summary>Where the review gate stands.</summary>
    public ReviewStatus Review { get; init; } = ReviewStatus.NotReached;

    /// <summary>Why the review is manual (the approval reason, or why the plan could not be read).</summary>
    public string? ReviewReason { get; init; }

    /// <summary>When an unanswered review times out.</summary>
    public DateTimeOffset? ReviewDeadline { get; init; }

    /// <summary>Who confirmed or rejected the plan.</summary>
    public string? ReviewedBy { get; init; }

    /// <summary>When the plan was confirmed or rejected.</summary>
    public DateTimeOffset? ReviewedAt { get; init; }

    /// <summary>How many times the plan was started (re-plans after interruptions count).</summary>
    public int PlanAttempts { get; init; }

    /// <summary>Whether the apply command was issued: once set it never resets, so apply runs at most once.</summary>
    public bool ApplyIssued { get; init; }

    /// <summary>The final result, once the run finished.</summary>
    public RunResult? Result { get; init; }

    /// <summary>Whether the run has finished.</summary>
    public bool IsFinished => Result is not null;

    /// <summary>The deployment id.</summary>
    public Guid DeploymentId => Deployment.Id;
}
