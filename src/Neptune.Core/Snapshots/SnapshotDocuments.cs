using System.Text.Json.Serialization;

namespace Neptune.Snapshots;

// Plain documents for the snapshot JSON. Kept apart from the domain types so the stored shape changes
// only on purpose (bump SnapshotVersion), never because a domain type gained a property.
#pragma warning disable CS1591 // internal documents; the public API is DeployStateJson/RunStateJson.

internal sealed class DeployStateDocument
{
    public int Version { get; set; }
    public string Target { get; set; } = string.Empty;
    public bool Started { get; set; }
    public bool Stopped { get; set; }
    public DateTimeOffset IdleDeadline { get; set; }
    public string? LockRevision { get; set; }
    public LatestDocument? Latest { get; set; }
    public List<DeploymentDocument> Manual { get; set; } = [];
    public List<DeploymentDocument> Merge { get; set; } = [];
    public CurrentDocument? Current { get; set; }
    public List<CheckRunDocument> CheckRuns { get; set; } = [];
}

internal sealed class LatestDocument
{
    public Guid Id { get; set; }
    public string Revision { get; set; } = string.Empty;
    public string Branch { get; set; } = string.Empty;
    public string Trigger { get; set; } = string.Empty;
    public bool ManualRerun { get; set; }
    public bool ManualForce { get; set; }
    public string? InitiatingUser { get; set; }
}

internal sealed class DeploymentDocument
{
    public Guid Id { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    public string Target { get; set; } = string.Empty;
    public string Revision { get; set; } = string.Empty;
    public string Branch { get; set; } = string.Empty;
    public string DefaultBranch { get; set; } = string.Empty;
    public string Trigger { get; set; } = string.Empty;
    public string InitiatingUser { get; set; } = string.Empty;
    public bool Rerun { get; set; }
    public bool Force { get; set; }
    public Dictionary<string, string> Tags { get; set; } = [];
    public int? PullNumber { get; set; }
    public string RootDir { get; set; } = ".";
}

internal sealed class CurrentDocument
{
    public DeploymentDocument Deployment { get; set; } = new();
    public string Phase { get; set; } = string.Empty;
    public ApprovalDocument? Approval { get; set; }
    public RunStateDocument? Run { get; set; }
    public int AuditedApplyStates { get; set; }
}

internal sealed class ApprovalDocument
{
    public string Kind { get; set; } = string.Empty;
    public string Reason { get; set; } = string.Empty;
}

internal sealed class JobDocument
{
    public Guid JobId { get; set; }
    public string Status { get; set; } = string.Empty;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

internal sealed class PlanReadingDocument
{
    public int? Creations { get; set; }
    public int? Updates { get; set; }
    public int? Deletions { get; set; }
    public string? Error { get; set; }
}

internal sealed class RunStateDocument
{
    public int Version { get; set; }
    public DeploymentDocument Deployment { get; set; } = new();
    public ApprovalDocument Approval { get; set; } = new();
    public JobDocument Plan { get; set; } = new();
    public JobDocument Apply { get; set; } = new();
    public PlanReadingDocument? PlanReading { get; set; }
    public string Review { get; set; } = string.Empty;
    public string? ReviewReason { get; set; }
    public DateTimeOffset? ReviewDeadline { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public int PlanAttempts { get; set; }
    public bool ApplyIssued { get; set; }
    public string? ResultOutcome { get; set; }
    public string? ResultMessage { get; set; }
}

internal sealed class QueuedDocument
{
    public DeploymentDocument? Deployment { get; set; }
    public CheckRunDocument? CheckRun { get; set; }
}

internal sealed class CheckRunDocument
{
    public Guid DeploymentId { get; set; }
    public int Generation { get; set; }
    public long? CheckRunId { get; set; }
    public string? LastConclusion { get; set; }
    public bool LastCompleted { get; set; }

    // Written only when set, so snapshots of settled queues look as they did before the field existed.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool LinksStale { get; set; }
}

internal sealed class CheckRunPublicationDocument
{
    public int Version { get; set; }
    public Guid DeploymentId { get; set; }
    public int Generation { get; set; }
    public long? ExistingCheckRunId { get; set; }
    public string Target { get; set; } = string.Empty;
    public string Revision { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string? Conclusion { get; set; }
    public string Title { get; set; } = string.Empty;
    public List<ButtonDocument> Buttons { get; set; } = [];
    public string? RequiredAction { get; set; }
    public string? Reason { get; set; }
    public JobDocument? Plan { get; set; }
    public JobDocument? Apply { get; set; }
    public PlanReadingDocument? PlanReading { get; set; }
    public List<QueuedRunDocument>? Ahead { get; set; }
    public string? Explanation { get; set; }
}

internal sealed class ButtonDocument
{
    public string Label { get; set; } = string.Empty;
    public string Description { get; set; } = string.Empty;
    public string Identifier { get; set; } = string.Empty;
}

internal sealed class QueuedRunDocument
{
    public Guid DeploymentId { get; set; }
    public string Revision { get; set; } = string.Empty;
    public string Trigger { get; set; } = string.Empty;
    public long? CheckRunId { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeployStateDocument))]
[JsonSerializable(typeof(RunStateDocument))]
[JsonSerializable(typeof(CheckRunPublicationDocument))]
[JsonSerializable(typeof(QueuedDocument))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
