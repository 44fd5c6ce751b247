namespace Neptune.Audit;

/// <summary>
/// One apply state change of a deployment, as sent to the audit sink (spec §8). Property names map to
/// the snake_case fields of the published JSON through <see cref="AuditEventJson"/>.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>Version of the message format.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The apply job id.</summary>
    public required Guid Id { get; init; }

    /// <summary>RUNNING, SUCCESS or FAILURE.</summary>
    public required AuditState State { get; init; }

    /// <summary>Always APPLY.</summary>
    public string JobType { get; init; } = "APPLY";

    /// <summary>The deployed commit.</summary>
    public required string Revision { get; init; }

    /// <summary><c>owner/name</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>The pull request that merged the revision, when known.</summary>
    public int? PullNumber { get; init; }

    /// <summary>The root's <c>environment</c> tag.</summary>
    public string? Environment { get; init; }

    /// <summary>Who initiated the deployment.</summary>
    public required string InitiatingUser { get; init; }

    /// <summary>When the apply started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the apply ended (SUCCESS and FAILURE only).</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Whether the deployment was a forced manual apply.</summary>
    public bool ForceApply { get; init; }

    /// <summary>The root's <c>project</c> tag.</summary>
    public string? Project { get; init; }

    /// <summary>The root's name.</summary>
    public required string RootName { get; init; }

    /// <summary>Who confirmed the plan, when it was reviewed.</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>When the plan was confirmed.</summary>
    public DateTimeOffset? ApprovedTime { get; init; }

    /// <summary><c>id:state</c>: sinks use it to publish each transition once, even across retries and restarts.</summary>
    public string IdempotencyKey => $"{Id}:{AuditEventJson.StateName(State)}";
}

/// <summary>State of an apply in an <see cref="AuditEvent"/>.</summary>
public enum AuditState
{
    /// <summary>The apply started.</summary>
    Running,

    /// <summary>The apply succeeded.</summary>
    Success,

    /// <summary>The apply failed.</summary>
    Failure,
}
