namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>One thing the deploy workflow hands to its delivery activity, in the order the decider issued it.</summary>
public sealed class DeliveryItem
{
    /// <summary>What it is.</summary>
    public DeliveryKind Kind { get; set; }

    /// <summary>The document: a check-run publication, an audit event, or a latest deployment, each in Core's JSON form.</summary>
    public string Json { get; set; } = string.Empty;
}

/// <summary>The kinds of <see cref="DeliveryItem"/>.</summary>
public enum DeliveryKind
{
    /// <summary>A check-run publication (<see cref="Snapshots.CheckRunPublicationJson"/>).</summary>
    CheckRun,

    /// <summary>An audit event (<see cref="Audit.AuditEventJson"/>).</summary>
    Audit,

    /// <summary>The target's latest deployment (<see cref="Model.LatestDeploymentJson"/>).</summary>
    Latest,
}
