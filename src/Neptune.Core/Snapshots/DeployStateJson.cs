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
        return JsonSerializer.Serialize(ToDocument(state, withQueue: true), SnapshotJsonContext.Default.DeployStateDocument);
    }

    /// <summary>
    /// Serializes a state without its queued deployments and their check runs: with <see cref="SerializeQueued"/>, a
    /// snapshot in parts, so a host that stores each queued deployment apart writes only what an event changed instead
    /// of the whole queue (whose size would make every commit cost more the longer a queue gets).
    /// Read back with <see cref="Deserialize(string, IEnumerable{string})"/>.
    /// </summary>
    public static string SerializeHead(DeployState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return JsonSerializer.Serialize(ToDocument(state, withQueue: false), SnapshotJsonContext.Default.DeployStateDocument);
    }

    /// <summary>Serializes one queued deployment of <paramref name="state"/> with its check run: the other part of <see cref="SerializeHead"/>.</summary>
    public static string SerializeQueued(DeployState state, Deployment queued)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(queued);
        var doc = new QueuedDocument
        {
            Deployment = RunStateJson.ToDocument(queued),
            CheckRun = state.CheckRuns.TryGetValue(queued.Id, out var track) ? ToDocument(queued.Id, track) : null,
        };
        return JsonSerializer.Serialize(doc, SnapshotJsonContext.Default.QueuedDocument);
    }

    private static CheckRunDocument ToDocument(Guid deploymentId, CheckRunTrack track) => new()
    {
        DeploymentId = deploymentId,
        Generation = track.Generation,
        CheckRunId = track.CheckRunId,
        LastConclusion = track.LastConclusion?.ToString(),
        LastCompleted = track.LastCompleted,
        LinksStale = track.LinksStale,
    };

    private static DeployStateDocument ToDocument(DeployState state, bool withQueue)
    {
        var queued = withQueue ? null : state.Queue.InOrder.Select(d => d.Id).ToHashSet();
        return new DeployStateDocument
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
            Manual = withQueue ? state.Queue.Manual.Select(RunStateJson.ToDocument).ToList() : [],
            Merge = withQueue ? state.Queue.Merge.Select(RunStateJson.ToDocument).ToList() : [],
            Current = state.Current is { } c ? new CurrentDocument
            {
                Deployment = RunStateJson.ToDocument(c.Deployment),
                Phase = c.Phase.ToString(),
                Approval = c.Approval is { } a ? new ApprovalDocument { Kind = a.Kind.ToString(), Reason = a.Reason } : null,
                Run = c.Run is { } r ? RunStateJson.ToDocument(r) : null,
                AuditedApplyStates = c.AuditedApplyStates,
            } : null,
            CheckRuns = state.CheckRuns
                .Where(kv => queued is null || !queued.Contains(kv.Key))
                .Select(kv => ToDocument(kv.Key, kv.Value))
                .ToList(),
        };
    }

    /// <summary>Reads a state.</summary>
    /// <exception cref="FormatException">The text is not a snapshot this version can read; the message says why.</exception>
    public static DeployState Deserialize(string json) => Deserialize(json, []);

    /// <summary>
    /// Reads a state written in parts: <see cref="SerializeHead"/> and, in queue order, <see cref="SerializeQueued"/> of
    /// each queued deployment (each goes to the lane of its trigger). A whole <see cref="Serialize"/> snapshot with no
    /// parts reads too, so a store can move from whole snapshots to parts without converting what it holds.
    /// </summary>
    /// <exception cref="FormatException">A part is not a snapshot this version can read; the message says why.</exception>
    public static DeployState Deserialize(string head, IEnumerable<string> queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var doc = RunStateJson.Parse(head, SnapshotJsonContext.Default.DeployStateDocument, "deploy state");
        foreach (var part in queued)
        {
            var item = RunStateJson.Parse(part, SnapshotJsonContext.Default.QueuedDocument, "queued deployment");
            if (item.Deployment is null)
            {
                throw new FormatException("The queued-deployment snapshot has no deployment.");
            }

            (item.Deployment.Trigger == nameof(Trigger.Merge) ? doc.Merge : doc.Manual).Add(item.Deployment);
            if (item.CheckRun is { } track)
            {
                doc.CheckRuns.Add(track);
            }
        }

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
