namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Input of <see cref="DeployWorkflow"/>; after a continue-as-new it carries the state across.</summary>
public sealed record DeployWorkflowInput
{
    /// <summary>The target, <c>owner/repo||root</c> (also the workflow id).</summary>
    public required string Target { get; init; }

    /// <summary>Task queue of terraform run workflows (the deploy queue; their activities are pinned to a worker later).</summary>
    public required string TaskQueue { get; init; }

    /// <summary>Task queue where terraform workers claim runs.</summary>
    public required string TerraformTaskQueue { get; init; }

    /// <summary>Continue as new once the history has this many events (also when Temporal suggests it).</summary>
    public int HistoryEventLimit { get; init; } = TemporalOptions.DefaultHistoryEventLimit;

    /// <summary>
    /// The decider state of the previous run (<see cref="Snapshots.DeployStateJson"/>): queue, lock, latest deployment,
    /// the deployment in flight and check-run ids. <see langword="null"/> on a first start, which reads the latest deployment instead.
    /// </summary>
    public string? Snapshot { get; init; }
}
