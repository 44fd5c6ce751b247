using Neptune.Hosting.Temporal.Payloads;
using Neptune.Runs;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Input of <see cref="TerraformRunWorkflow"/>.</summary>
public sealed class TerraformRunInput
{
    /// <summary>The deployment to run.</summary>
    public DeploymentPayload Deployment { get; set; } = new();

    /// <summary>Auto or manual approval, as the ordering rules decided.</summary>
    public ApprovalKind ApprovalKind { get; set; }

    /// <summary>Why a person must review the plan (empty for auto).</summary>
    public string ApprovalReason { get; set; } = string.Empty;

    /// <summary>The deploy workflow to report state changes to (the target id).</summary>
    public string ParentWorkflowId { get; set; } = string.Empty;

    /// <summary>Task queue where a terraform worker claims the run and returns its own queue.</summary>
    public string TerraformTaskQueue { get; set; } = TemporalOptions.DefaultTerraformTaskQueue;
}
