using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Client;

/// <summary>A deployment as the dashboard shows it.</summary>
public sealed record DeploymentStatus
{
    /// <summary>The deployment.</summary>
    public required Deployment Deployment { get; init; }

    /// <summary>Where it stands.</summary>
    public required DeploymentStage Stage { get; init; }

    /// <summary>The run's state once it started (plan/apply jobs, plan summary, review).</summary>
    public RunState? Run { get; init; }

    /// <summary>The result once finished.</summary>
    public RunResult? Result { get; init; }

    /// <summary>The newest check run's id, when known.</summary>
    public long? CheckRunId { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>Where a deployment stands.</summary>
public enum DeploymentStage
{
    /// <summary>In the queue.</summary>
    Queued,

    /// <summary>A merge held back by the lock.</summary>
    Locked,

    /// <summary>Left the queue; being compared with the deployed revision.</summary>
    CheckingOrder,

    /// <summary>Planning.</summary>
    Planning,

    /// <summary>The plan waits for Confirm or Reject.</summary>
    AwaitingReview,

    /// <summary>Applying.</summary>
    Applying,

    /// <summary>Done; see <see cref="DeploymentStatus.Result"/>.</summary>
    Finished,
}
