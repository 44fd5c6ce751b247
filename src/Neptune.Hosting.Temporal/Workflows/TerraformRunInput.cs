namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>
/// Input of <see cref="TerraformRunWorkflow"/>: the run as the deploy workflow started it (its <see cref="Runs.RunDecider"/>
/// decided <see cref="Runs.RunRequested"/>) and the first step that decision issued.
/// </summary>
public sealed class TerraformRunInput
{
    /// <summary>The run's first state (<see cref="Snapshots.RunStateJson"/>), already reported to the deploy workflow.</summary>
    public string RunState { get; set; } = string.Empty;

    /// <summary>The plan job of the first step.</summary>
    public Guid PlanJobId { get; set; }

    /// <summary>The plan attempt of the first step (1).</summary>
    public int PlanAttempt { get; set; } = 1;

    /// <summary>The deploy workflow to report state changes to (the target id).</summary>
    public string ParentWorkflowId { get; set; } = string.Empty;

    /// <summary>Task queue where a terraform worker claims the run and returns its own queue.</summary>
    public string TerraformTaskQueue { get; set; } = TemporalOptions.DefaultTerraformTaskQueue;
}
