namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>The names Neptune uses on Temporal: workflow types, signals and queries (spec §10). Changing one breaks running workflows.</summary>
public static class NeptuneTemporalNames
{
    /// <summary>Workflow type of the per-target coordinator; its id is the target, <c>owner/repo||root</c>.</summary>
    public const string DeployWorkflow = "neptune-deploy";

    /// <summary>Workflow type of one deployment's terraform run; its id is the deployment id.</summary>
    public const string TerraformRunWorkflow = "neptune-terraform-run";

    /// <summary>Signal carrying a new revision to a deploy workflow (sent with signal-with-start).</summary>
    public const string NewRevisionSignal = "new-revision";

    /// <summary>Signal that unlocks a target's merge lane.</summary>
    public const string UnlockSignal = "unlock";

    /// <summary>Signal from a terraform run to its deploy workflow: the run's new state.</summary>
    public const string StateChangeSignal = "state-change";

    /// <summary>Signal confirming or rejecting a plan, sent to the terraform run workflow.</summary>
    public const string PlanReviewSignal = "plan-review";

    /// <summary>Query of a deploy workflow returning its state snapshot (queue, lock, current and latest deployment).</summary>
    public const string StatusQuery = "status";

    /// <summary>Query of a terraform run workflow returning its run state snapshot.</summary>
    public const string RunStateQuery = "run-state";
}
