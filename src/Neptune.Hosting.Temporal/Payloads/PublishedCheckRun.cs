namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>The id a check-run publisher gave a publication, reported back to the decider as <see cref="Deploy.CheckRunPublished"/>.</summary>
public sealed class PublishedCheckRun
{
    /// <summary>The deployment.</summary>
    public Guid DeploymentId { get; set; }

    /// <summary>Which check run of the deployment.</summary>
    public int Generation { get; set; }

    /// <summary>GitHub's 64-bit id.</summary>
    public long CheckRunId { get; set; }
}
