using System.Text.Json;
using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Queue;
using Neptune.Runs;

namespace Neptune.Snapshots;

/// <summary>
/// Snapshots of a <see cref="DeployState"/> as JSON: what a host journals after each event, carries across
/// a continue-as-new, or keeps in its job storage. Round-trips everything the decider depends on.
/// </summary>
public static class DeployStateJson
{
    /// <summary>Version of the snapshot format written now.</summary>
    public const int SnapshotVersion = 1;

    /// <summary>Serializes a state.</summary>
    public static string Serialize(DeployState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var doc = new DeployStateDocument
        {
            Version = SnapshotVersion,
            Target = state.Target.Id,
            Started = state.IsStarted,
            Stopped = state.IsStopped,
            IdleDeadline = state.IdleDeadline,
            LockRevision = state.Queue.Lock.Revision,
            Latest = state.Latest is { } l ? new LatestDocument
            {
                Id = l.Id,
                Revision = l.Revision,
                Branch = l.Branch,
                Trigger = l.Trigger.ToString(),
                ManualRerun = l.ManualRerun,
                ManualForce = l.ManualForce,
                InitiatingUser = l.InitiatingUser,
            } : null,
            Manual = state.Queue.Manual.Select(RunStateJson.ToDocument).ToList(),
            Merge = state.Queue.Merge.Select(RunStateJson.ToDocument).ToList(),
            Current = state.Current is { } c ? new CurrentDocument
            {
                Deployment = RunStateJson.ToDocument(c.Deployment),
                Phase = c.Phase.ToString(),
                Approval = c.Approval is { } a ? new ApprovalDocument { Kind = a.Kind.ToString(), Reason = a.Reason } : null,
                Run = c.Run is { } r ? RunStateJson.ToDocument(r) : null,
                AuditedApplyStates = c.AuditedApplyStates,
            } : null,
            CheckRuns = state.CheckRuns.Select(kv => new CheckRunDocument
            {
                DeploymentId = kv.Key,
                Generation = kv.Value.Generation,
                CheckRunId = kv.Value.CheckRunId,
                LastConclusion = kv.Value.LastConclusion?.ToString(),
                LastCompleted = kv.Value.LastCompleted,
                LinksStale = kv.Value.LinksStale,
            }).ToList(),
        };
        return JsonSerializer.Serialize(doc, SnapshotJsonContext.Default.DeployStateDocument);
    }

    /// <summary>Reads a state.</summary>
    /// <exception cref="FormatException">The text is not a snapshot this version can read; the message says why.</exception>
    public static DeployState Deserialize(string json)
    {
        var doc = RunStateJson.Parse(json, SnapshotJsonContext.Default.DeployStateDocument, "deploy state");
        if (doc.Version > SnapshotVersion)
        {
            throw new FormatException($"The deploy-state snapshot has version {doc.Version}; this Neptune reads up to {SnapshotVersion}. Upgrade Neptune.");
        }

        try
        {
            var target = DeployTarget.Parse(doc.Target);
            var state = new DeployState(target)
            {
                IsStarted = doc.Started,
                IsStopped = doc.Stopped,
                IdleDeadline = doc.IdleDeadline,
                Latest = doc.Latest is { } l
                    ? new LatestDeployment(l.Id, target, l.Revision, l.Branch, RunStateJson.Enum<Trigger>(l.Trigger), l.ManualRerun, l.ManualForce, l.InitiatingUser)
                    : null,
            };
            state.Queue.Restore(
                doc.Manual.Select(RunStateJson.FromDocument),
                doc.Merge.Select(RunStateJson.FromDocument),
                doc.LockRevision is { } rev ? QueueLock.LockedAt(rev) : QueueLock.Unlocked);
            if (doc.Current is { } c)
            {
                state.Current = new CurrentDeployment(RunStateJson.FromDocument(c.Deployment))
                {
                    Phase = RunStateJson.Enum<DeploymentPhase>(c.Phase),
                    Approval = c.Approval is { } a ? new PlanApproval(RunStateJson.Enum<ApprovalKind>(a.Kind), a.Reason) : null,
                    Run = c.Run is { } r ? RunStateJson.FromDocument(r) : null,
                    AuditedApplyStates = c.AuditedApplyStates,
                };
            }

            foreach (var t in doc.CheckRuns)
            {
                state.CheckRuns[t.DeploymentId] = new CheckRunTrack(
                    t.Generation,
                    t.CheckRunId,
                    t.LastConclusion is { } lc ? RunStateJson.Enum<CheckRunConclusion>(lc) : null,
                    t.LastCompleted)
                {
                    LinksStale = t.LinksStale,
                };
            }

            return state;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The deploy-state snapshot is invalid: {e.Message}", e);
        }
    }
}
