namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>What every terraform run activity gets: the deployment and the job whose log it writes.</summary>
public sealed class StepInput
{
    /// <summary>The deployment.</summary>
    public DeploymentPayload Deployment { get; set; } = new();

    /// <summary>The plan or apply job id; the step's output goes to this job's log on the worker.</summary>
    public Guid JobId { get; set; }
}
