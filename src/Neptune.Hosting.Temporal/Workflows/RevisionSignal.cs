using Neptune.Hosting.Temporal.Payloads;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Argument of the <c>new-revision</c> signal.</summary>
public sealed class RevisionSignal
{
    /// <summary>The id the deployment gets if accepted, chosen by the gateway so it can answer at once.</summary>
    public Guid DeploymentId { get; set; }

    /// <summary>The request.</summary>
    public RevisionRequestPayload Request { get; set; } = new();
}
