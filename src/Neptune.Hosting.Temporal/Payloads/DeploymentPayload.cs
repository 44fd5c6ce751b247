using Neptune.Model;

namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>A <see cref="Deployment"/> as a plain document for Temporal payloads.</summary>
public sealed class DeploymentPayload
{
    /// <summary>The deployment id (also the terraform run workflow's id).</summary>
    public Guid Id { get; set; }

    /// <summary>When the coordinator accepted it.</summary>
    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>The accepted request.</summary>
    public RevisionRequestPayload Request { get; set; } = new();

    /// <summary>Copies a deployment.</summary>
    public static DeploymentPayload From(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return new DeploymentPayload { Id = deployment.Id, AcceptedAt = deployment.AcceptedAt, Request = RevisionRequestPayload.From(deployment.Request) };
    }

    /// <summary>Rebuilds the deployment.</summary>
    public Deployment ToDeployment() => new(Id, Request.ToRequest(), AcceptedAt);
}
