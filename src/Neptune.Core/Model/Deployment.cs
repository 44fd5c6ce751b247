namespace Neptune.Model;

/// <summary>
/// An accepted <see cref="RevisionRequest"/>. Its <see cref="Id"/> is the terraform run's id and the
/// GitHub check run's <c>external_id</c>; the job ids name the plan and apply logs.
/// </summary>
/// <param name="Id">The deployment id, chosen by the host when the request was accepted.</param>
/// <param name="Request">The accepted request.</param>
/// <param name="AcceptedAt">When the coordinator accepted it.</param>
public sealed record Deployment(Guid Id, RevisionRequest Request, DateTimeOffset AcceptedAt)
{
    /// <summary>Id of the plan job (init + plan): derived from the deployment id so hosts need not store it.</summary>
    public Guid PlanJobId => JobIds.Derive(Id, 1);

    /// <summary>Id of the apply job.</summary>
    public Guid ApplyJobId => JobIds.Derive(Id, 2);

    /// <summary>The target.</summary>
    public DeployTarget Target => Request.Target;

    /// <summary>The commit id.</summary>
    public string Revision => Request.Revision;
}
