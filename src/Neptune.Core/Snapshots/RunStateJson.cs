using System.Text.Json;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Runs;

namespace Neptune.Snapshots;

/// <summary>
/// Snapshots of <see cref="RunState"/> as JSON, for hosts that persist a run between events (journal,
/// Hangfire storage) or carry it across a continue-as-new.
/// </summary>
public static class RunStateJson
{
    /// <summary>Version of the snapshot format written now.</summary>
    public const int SnapshotVersion = 1;

    /// <summary>Serializes a run state.</summary>
    public static string Serialize(RunState state) =>
        JsonSerializer.Serialize(ToDocument(state), SnapshotJsonContext.Default.RunStateDocument);

    /// <summary>Reads a run state.</summary>
    /// <exception cref="FormatException">The text is not a run snapshot this version can read.</exception>
    public static RunState Deserialize(string json)
    {
        var doc = Parse(json, SnapshotJsonContext.Default.RunStateDocument, "run state");
        if (doc.Version > SnapshotVersion)
        {
            throw new FormatException($"The run snapshot has version {doc.Version}; this Neptune reads up to {SnapshotVersion}. Upgrade Neptune.");
        }

        return FromDocument(doc);
    }

    internal static RunStateDocument ToDocument(RunState s) => new()
    {
        Version = SnapshotVersion,
        Deployment = ToDocument(s.Deployment),
        Approval = new ApprovalDocument { Kind = s.Approval.Kind.ToString(), Reason = s.Approval.Reason },
        Plan = ToDocument(s.Plan),
        Apply = ToDocument(s.Apply),
        PlanReading = s.PlanReading is { } r ? ToDocument(r) : null,
        Review = s.Review.ToString(),
        ReviewReason = s.ReviewReason,
        ReviewDeadline = s.ReviewDeadline,
        ReviewedBy = s.ReviewedBy,
        ReviewedAt = s.ReviewedAt,
        PlanAttempts = s.PlanAttempts,
        ApplyIssued = s.ApplyIssued,
        ResultOutcome = s.Result?.Outcome.ToString(),
        ResultMessage = s.Result?.Message,
    };

    internal static RunState FromDocument(RunStateDocument d) => new()
    {
        Deployment = FromDocument(d.Deployment),
        Approval = new PlanApproval(Enum<ApprovalKind>(d.Approval.Kind), d.Approval.Reason),
        Plan = FromDocument(d.Plan),
        Apply = FromDocument(d.Apply),
        PlanReading = d.PlanReading is { } r ? FromDocument(r) : null,
        Review = Enum<ReviewStatus>(d.Review),
        ReviewReason = d.ReviewReason,
        ReviewDeadline = d.ReviewDeadline,
        ReviewedBy = d.ReviewedBy,
        ReviewedAt = d.ReviewedAt,
        PlanAttempts = d.PlanAttempts,
        ApplyIssued = d.ApplyIssued,
        Result = d.ResultOutcome is { } outcome ? new RunResult(Enum<RunOutcome>(outcome), d.ResultMessage ?? string.Empty) : null,
    };

    internal static DeploymentDocument ToDocument(Deployment d)
    {
        var r = d.Request;
        return new DeploymentDocument
        {
            Id = d.Id,
            AcceptedAt = d.AcceptedAt,
            Target = r.Target.Id,
            Revision = r.Revision,
            Branch = r.Branch,
            DefaultBranch = r.DefaultBranch,
            Trigger = r.Trigger.ToString(),
            InitiatingUser = r.InitiatingUser,
            Rerun = r.Rerun,
            Force = r.Force,
            Tags = new Dictionary<string, string>(r.Tags),
            PullNumber = r.PullNumber,
            RootDir = r.RootDir,
        };
    }

    internal static Deployment FromDocument(DeploymentDocument d)
    {
        var request = new RevisionRequest(
            DeployTarget.Parse(d.Target), d.Revision, d.Branch, Enum<Trigger>(d.Trigger), d.InitiatingUser,
            d.DefaultBranch, d.Rerun, d.Force, d.Tags, d.PullNumber, d.RootDir);
        return new Deployment(d.Id, request, d.AcceptedAt);
    }

    internal static PlanReadingDocument ToDocument(PlanReading r) => r.Summary is { } summary
        ? new PlanReadingDocument { Creations = summary.Creations, Updates = summary.Updates, Deletions = summary.Deletions }
        : new PlanReadingDocument { Error = r.Error };

    internal static PlanReading FromDocument(PlanReadingDocument r) => r.Error is { } error
        ? Plans.PlanReading.Unreadable(error)
        : Plans.PlanReading.Readable(new PlanSummary(r.Creations ?? 0, r.Updates ?? 0, r.Deletions ?? 0));

    internal static JobDocument ToDocument(JobSnapshot j) => new() { JobId = j.JobId, Status = j.Status.ToString(), StartedAt = j.StartedAt, EndedAt = j.EndedAt };

    internal static JobSnapshot FromDocument(JobDocument j) => new(j.JobId, Enum<JobStatus>(j.Status), j.StartedAt, j.EndedAt);

    internal static T Enum<T>(string value)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && System.Enum.IsDefined(parsed)
            ? parsed
            : throw new FormatException($"'{value}' is not a {typeof(T).Name}.");

    internal static T Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new FormatException($"The {what} snapshot is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} snapshot is not valid JSON: {e.Message}", e);
        }
    }
}
