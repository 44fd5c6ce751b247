namespace Neptune.Client;

/// <summary>What became of a revision request.</summary>
/// <param name="DeploymentId">The new deployment's id when accepted.</param>
/// <param name="DroppedReason">Why it was dropped (a duplicate manual deploy), when it was.</param>
public sealed record RevisionReceipt(Guid? DeploymentId, string? DroppedReason)
{
    /// <summary>Whether the request became a deployment.</summary>
    public bool Accepted => DeploymentId is not null;
}
