using System.Text.Json;
using Neptune.CheckRuns;
using Neptune.Model;
using Neptune.Plans;

namespace Neptune.Snapshots;

/// <summary>
/// Writes a <see cref="CheckRunPublication"/> as JSON and reads it back, so hosts can keep publications in an
/// outbox (or pass them to a workflow activity) and deliver them after a restart exactly as decided.
/// </summary>
public static class CheckRunPublicationJson
{
    /// <summary>The document version this Neptune writes.</summary>
    public const int SnapshotVersion = 1;

    /// <summary>Serializes a publication, including its view and any known check-run id.</summary>
    public static string Serialize(CheckRunPublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var v = publication.View;
        var doc = new CheckRunPublicationDocument
        {
            Version = SnapshotVersion,
            DeploymentId = publication.DeploymentId,
            Generation = publication.Generation,
            ExistingCheckRunId = publication.ExistingCheckRunId,
            Target = v.Target.Id,
            Revision = v.Revision,
            Status = v.Status.ToString(),
            Conclusion = v.Conclusion?.ToString(),
            Title = v.Title,
            Buttons = v.Buttons.Select(b => new ButtonDocument { Label = b.Label, Description = b.Description, Identifier = b.Identifier }).ToList(),
            RequiredAction = v.RequiredAction,
            Reason = v.Reason,
            Plan = v.Plan is { } plan ? RunStateJson.ToDocument(plan) : null,
            Apply = v.Apply is { } apply ? RunStateJson.ToDocument(apply) : null,
            PlanReading = v.PlanReading is { } r ? RunStateJson.ToDocument(r) : null,
            Ahead = v.Ahead?.Select(a => new QueuedRunDocument { DeploymentId = a.DeploymentId, Revision = a.Revision, Trigger = a.Trigger.ToString(), CheckRunId = a.CheckRunId }).ToList(),
            Explanation = v.Explanation,
        };
        return JsonSerializer.Serialize(doc, SnapshotJsonContext.Default.CheckRunPublicationDocument);
    }

    /// <summary>Reads a publication written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a publication, or was written by a newer Neptune.</exception>
    public static CheckRunPublication Deserialize(string json)
    {
        var d = RunStateJson.Parse(json, SnapshotJsonContext.Default.CheckRunPublicationDocument, "check-run publication");
        if (d.Version > SnapshotVersion)
        {
            throw new FormatException($"The check-run publication has version {d.Version}; this Neptune reads up to {SnapshotVersion}. Upgrade Neptune.");
        }

        var view = new CheckRunView
        {
            Target = DeployTarget.Parse(d.Target),
            DeploymentId = d.DeploymentId,
            Revision = d.Revision,
            Status = RunStateJson.Enum<CheckRunStatus>(d.Status),
            Conclusion = d.Conclusion is { } c ? RunStateJson.Enum<CheckRunConclusion>(c) : null,
            Title = d.Title,
            Buttons = d.Buttons.Select(b => new CheckRunButton(b.Label, b.Description, b.Identifier)).ToArray(),
            RequiredAction = d.RequiredAction,
            Reason = d.Reason,
            Plan = d.Plan is { } plan ? RunStateJson.FromDocument(plan) : null,
            Apply = d.Apply is { } apply ? RunStateJson.FromDocument(apply) : null,
            PlanReading = d.PlanReading is { } r ? RunStateJson.FromDocument(r) : null,
            Ahead = d.Ahead?.Select(a => new QueuedRun(a.DeploymentId, a.Revision, RunStateJson.Enum<Trigger>(a.Trigger), a.CheckRunId)).ToArray(),
            Explanation = d.Explanation,
        };
        return new CheckRunPublication(d.DeploymentId, d.Generation, view) { ExistingCheckRunId = d.ExistingCheckRunId };
    }
}
