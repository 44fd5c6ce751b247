using Neptune.Model;
using Neptune.Plans;
using Neptune.Runs;

namespace Neptune.CheckRuns;

/// <summary>
/// What a deployment's check run shows, as data. Built by <see cref="CheckRunViews"/> from the deciders'
/// state, rendered to markdown by <see cref="CheckRunMarkdown"/>; publishers map it to their API.
/// </summary>
public sealed record CheckRunView
{
    /// <summary>Prefix of every check run name; the root name follows.</summary>
    public const string NamePrefix = "neptune/deploy: ";

    /// <summary>The target.</summary>
    public required DeployTarget Target { get; init; }

    /// <summary>The deployment id: the check run's <c>external_id</c>.</summary>
    public required Guid DeploymentId { get; init; }

    /// <summary>The commit: the check run's <c>head_sha</c>.</summary>
    public required string Revision { get; init; }

    /// <summary>Status.</summary>
    public required CheckRunStatus Status { get; init; }

    /// <summary>Conclusion, for completed runs.</summary>
    public CheckRunConclusion? Conclusion { get; init; }

    /// <summary>Short title (the check run's <c>output.title</c>).</summary>
    public required string Title { get; init; }

    /// <summary>Buttons (at most 3).</summary>
    public IReadOnlyList<CheckRunButton> Buttons { get; init; } = [];

    /// <summary>The action a person must take, when one is required.</summary>
    public string? RequiredAction { get; init; }

    /// <summary>Why (the approval reason, the locking revision…).</summary>
    public string? Reason { get; init; }

    /// <summary>The plan job, once the deployment left the queue.</summary>
    public JobSnapshot? Plan { get; init; }

    /// <summary>The apply job, once the deployment left the queue.</summary>
    public JobSnapshot? Apply { get; init; }

    /// <summary>The plan's summary, once known.</summary>
    public PlanReading? PlanReading { get; init; }

    /// <summary>Runs ahead of this one in the queue; <see langword="null"/> when the deployment is not queued.</summary>
    public IReadOnlyList<QueuedRun>? Ahead { get; init; }

    /// <summary>For failures and timeouts: what happened and what to do next.</summary>
    public string? Explanation { get; init; }

    /// <summary>The check run's name, <c>neptune/deploy: &lt;root&gt;</c>.</summary>
    public string Name => NamePrefix + Target.Root;

    /// <summary>Whether GitHub will refuse any later status change of this run.</summary>
    public bool IsCompleted => Status == CheckRunStatus.Completed;
}
