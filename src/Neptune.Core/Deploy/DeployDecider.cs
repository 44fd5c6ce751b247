using System.Runtime.InteropServices;
using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Model;
using Neptune.Ordering;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Deploy;

/// <summary>
/// The rules of one target's coordinator (spec §3, §4, §6, §8): <c>(state, event) → (state', commands)</c>.
/// Pure: no I/O, no clock, no randomness. A refused event leaves the state exactly as it was, so
/// every host can feed it duplicates and strays safely.
/// </summary>
public static class DeployDecider
{
    /// <summary>Applies an event and returns the commands (allocates a list; see the other overload for a reusable one).</summary>
    public static DeployDecision Decide(DeployState state, DeployEvent e)
    {
        var commands = new List<DeployCommand>(4);
        var rejection = Decide(state, e, commands);
        return new DeployDecision(commands, rejection);
    }

    /// <summary>
    /// Applies an event, appending the resulting commands to <paramref name="commands"/>. Returns the reason
    /// the event was refused (state unchanged, nothing appended), or <see langword="null"/> when accepted.
    /// </summary>
    public static string? Decide(DeployState state, DeployEvent e, List<DeployCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(commands);

        if (e is TargetStarted started)
        {
            return OnStarted(state, started, commands);
        }

        if (!state.IsStarted)
        {
            return $"The coordinator of {state.Target} has not started; apply {nameof(TargetStarted)} first.";
        }

        if (state.IsStopped)
        {
            return $"The coordinator of {state.Target} has stopped for idleness; start a new one.";
        }

        return e switch
        {
            RevisionRequested r => OnRevision(state, r, commands),
            UnlockRequested u => OnUnlock(state, u, commands),
            OrderingResolved o => OnOrdering(state, o, commands),
            RunStateChanged s => OnRunState(state, s, commands),
            CheckRunPublished p => OnCheckRunPublished(state, p, commands),
            IdleTimerFired t => OnIdleTimer(state, t, commands),
            _ => $"Unknown event {e.GetType().Name}.",
        };
    }

    private static string? OnStarted(DeployState state, TargetStarted e, List<DeployCommand> commands)
    {
        if (state.IsStarted)
        {
            return $"The coordinator of {state.Target} has already started.";
        }

        if (e.Latest is { } latest && latest.Target != state.Target)
        {
            return $"The latest deployment given is of {latest.Target}, not {state.Target}.";
        }

        state.IsStarted = true;
        state.Latest = e.Latest;
        if (e.Latest is { Trigger: Trigger.Manual } manual)
        {
            // The last deploy was manual, so it had locked merges; keep them locked until someone unlocks.
            state.Queue.LockAt(manual.Revision);
        }

        state.IdleDeadline = e.At + RunPolicy.IdleTimeout;
        commands.Add(new ScheduleIdleTimer(state.IdleDeadline));
        return null;
    }

    private static string? OnRevision(DeployState state, RevisionRequested e, List<DeployCommand> commands)
    {
        var request = e.Request ?? throw new ArgumentException("The event has no request.", nameof(e));
        if (request.Target != state.Target)
        {
            return $"The request is for {request.Target}, not {state.Target}.";
        }

        if (e.DeploymentId == Guid.Empty)
        {
            return "The deployment id must not be empty.";
        }

        if (state.CheckRuns.ContainsKey(e.DeploymentId) || state.Current?.Deployment.Id == e.DeploymentId)
        {
            return $"Deployment {e.DeploymentId} was already accepted.";
        }

        if (state.Queue.IsDuplicate(request, state.Current?.Deployment.Revision))
        {
            return $"Dropped: revision {request.Revision} is already queued or in progress as a manual deploy of {state.Target}.";
        }

        var deployment = new Deployment(e.DeploymentId, request, e.At);
        var lockChanged = state.Queue.Push(deployment);
        state.CheckRuns[deployment.Id] = new CheckRunTrack(1, null, null, false);
        state.IdleDeadline = e.At + RunPolicy.IdleTimeout;

        var popped = TryStartNext(state, commands);

        // A manual item lands ahead of every merge item, and a lock change alters every merge item's view.
        var manual = request.Trigger == Trigger.Manual;
        RepublishQueue(state, commands, manualLane: popped, mergeLane: popped || manual || lockChanged, alsoThis: deployment.Id);
        commands.Add(new ScheduleIdleTimer(state.IdleDeadline));
        return null;
    }

    private static string? OnUnlock(DeployState state, UnlockRequested e, List<DeployCommand> commands)
    {
        if (!state.Queue.Lock.IsLocked)
        {
            return $"The queue of {state.Target} is not locked.";
        }

        state.Queue.Unlock();
        var popped = TryStartNext(state, commands);
        RepublishQueue(state, commands, manualLane: popped, mergeLane: true, alsoThis: null);
        ScheduleIdleIfIdle(state, commands);
        return null;
    }

    private static string? OnOrdering(DeployState state, OrderingResolved e, List<DeployCommand> commands)
    {
        if (state.Current is not { Phase: DeploymentPhase.Ordering } current || current.Deployment.Id != e.DeploymentId)
        {
            return $"Deployment {e.DeploymentId} of {state.Target} is not waiting for an ordering check.";
        }

        if (!Enum.IsDefined(e.Direction))
        {
            return $"Unknown compare direction {(int)e.Direction}.";
        }

        Resolve(state, current, e.Direction, commands);
        return null;
    }

    private static void Resolve(DeployState state, CurrentDeployment current, CompareDirection direction, List<DeployCommand> commands)
    {
        var verdict = RevisionOrdering.Decide(current.Deployment.Request, state.Latest, direction);
        if (verdict.Runs)
        {
            current.Phase = DeploymentPhase.Running;
            current.Approval = verdict.Approval;
            commands.Add(new StartRun(current.Deployment, verdict.Approval!));
            return;
        }

        // Validation failure: nothing ran, nothing is persisted.
        Publish(state, commands, current.Deployment.Id, CheckRunViews.ValidationFailed(current.Deployment, verdict.Message!));
        commands.Add(new DeploymentFinished(current.Deployment, new RunResult(RunOutcome.ValidationFailed, verdict.Message!), null));
        EndCurrent(state, commands);
    }

    private static string? OnRunState(DeployState state, RunStateChanged e, List<DeployCommand> commands)
    {
        var run = e.State ?? throw new ArgumentException("The event has no run state.", nameof(e));
        if (state.Current is not { Phase: DeploymentPhase.Running } current || current.Deployment.Id != run.DeploymentId)
        {
            return $"Deployment {run.DeploymentId} is not the running deployment of {state.Target}.";
        }

        current.Run = run;
        Audit(current, run, commands);
        Publish(state, commands, run.DeploymentId, CheckRunViews.Run(run));

        if (run.Result is { } result)
        {
            if (result.PersistsAsLatest)
            {
                state.Latest = LatestDeployment.From(current.Deployment);
                commands.Add(new PersistLatest(state.Latest));
            }

            commands.Add(new DeploymentFinished(current.Deployment, result, run));
            EndCurrent(state, commands);
        }

        return null;
    }

    private static string? OnCheckRunPublished(DeployState state, CheckRunPublished e, List<DeployCommand> commands)
    {
        if (e.CheckRunId <= 0)
        {
            return $"Check run id {e.CheckRunId} is not positive.";
        }

        ref var track = ref CollectionsMarshal.GetValueRefOrNullRef(state.CheckRuns, e.DeploymentId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref track))
        {
            return $"Deployment {e.DeploymentId} is neither queued nor in progress on {state.Target}.";
        }

        if (e.Generation != track.Generation)
        {
            return $"Check run generation {e.Generation} of deployment {e.DeploymentId} is not the newest ({track.Generation}).";
        }

        if (track.CheckRunId == e.CheckRunId)
        {
            return null;
        }

        var refreshThis = track.LinksStale;
        track = track with { CheckRunId = e.CheckRunId };

        // Summaries of the runs behind this one link to it. Those already on GitHub are refreshed now; those whose own
        // run is still being created are marked and refreshed once, when their id arrives. Refreshing them all at every
        // id would cost a burst of n queued runs n²/2 publications (their ids arrive one after another).
        var behind = false;
        var mergeOnly = state.Queue.Merge.Any(d => d.Id == e.DeploymentId);
        foreach (var d in state.Queue.Manual)
        {
            behind |= d.Id == e.DeploymentId;
        }

        if (behind || mergeOnly)
        {
            RepublishQueue(state, commands, manualLane: behind, mergeLane: true, alsoThis: refreshThis ? e.DeploymentId : null, after: e.DeploymentId, deferUncreated: true);
        }

        return null;
    }

    private static string? OnIdleTimer(DeployState state, IdleTimerFired e, List<DeployCommand> commands)
    {
        if (!state.IsIdle)
        {
            return $"{state.Target} is not idle: {(state.Current is null ? $"{state.Queue.Count} queued" : "a deployment is in flight")}.";
        }

        if (e.At < state.IdleDeadline)
        {
            return $"The idle timer is stale: {state.Target} stays up until {state.IdleDeadline:O}.";
        }

        state.IsStopped = true;
        commands.Add(StopCoordinator.Instance);
        return null;
    }

    /// <summary>Pops the next deployment when nothing is in flight; returns whether one was popped.</summary>
    private static bool TryStartNext(DeployState state, List<DeployCommand> commands)
    {
        if (state.Current is not null || !state.Queue.TryPop(out var next))
        {
            return false;
        }

        var current = new CurrentDeployment(next);
        state.Current = current;
        if (state.Latest is null)
        {
            // First deploy of the target: nothing to compare with, so it counts as ahead.
            Publish(state, commands, next.Id, CheckRunViews.CheckingOrder(next));
            Resolve(state, current, CompareDirection.Ahead, commands);
            return true;
        }

        Publish(state, commands, next.Id, CheckRunViews.CheckingOrder(next));
        commands.Add(new CompareRevisions(next.Id, next.Target.Repo, state.Latest.Revision, next.Revision));
        return true;
    }

    private static void EndCurrent(DeployState state, List<DeployCommand> commands)
    {
        var ended = state.Current!.Deployment.Id;
        state.Current = null;
        state.CheckRuns.Remove(ended);
        if (TryStartNext(state, commands))
        {
            RepublishQueue(state, commands, manualLane: true, mergeLane: true, alsoThis: null);
        }

        ScheduleIdleIfIdle(state, commands);
    }

    private static void ScheduleIdleIfIdle(DeployState state, List<DeployCommand> commands)
    {
        if (state.IsIdle)
        {
            commands.Add(new ScheduleIdleTimer(state.IdleDeadline));
        }
    }

    /// <summary>
    /// Re-renders the check runs of queued items: every item of the chosen lanes (only those after
    /// <paramref name="after"/> when given), plus <paramref name="alsoThis"/>. With <paramref name="deferUncreated"/>,
    /// items whose run has no id yet are marked <see cref="CheckRunTrack.LinksStale"/> instead of re-rendered.
    /// </summary>
    private static void RepublishQueue(DeployState state, List<DeployCommand> commands, bool manualLane, bool mergeLane, Guid? alsoThis, Guid? after = null, bool deferUncreated = false)
    {
        if (!manualLane && !mergeLane && alsoThis is null)
        {
            return;
        }

        var queue = state.Queue;
        var ahead = new List<QueuedRun>(queue.Count);
        var publishing = after is null;
        foreach (var d in queue.Manual)
        {
            if ((manualLane && publishing && !Deferred(state, d.Id, deferUncreated)) || d.Id == alsoThis)
            {
                Publish(state, commands, d.Id, CheckRunViews.Queued(d, ahead.ToArray()));
            }

            publishing |= d.Id == after;
            ahead.Add(Queued(state, d));
        }

        foreach (var d in queue.Merge)
        {
            if ((mergeLane && publishing && !Deferred(state, d.Id, deferUncreated)) || d.Id == alsoThis)
            {
                var aheadNow = ahead.ToArray();
                Publish(state, commands, d.Id, queue.Lock.IsLocked
                    ? CheckRunViews.Locked(d, queue.Lock.Revision, aheadNow)
                    : CheckRunViews.Queued(d, aheadNow));
            }

            publishing |= d.Id == after;
            ahead.Add(Queued(state, d));
        }
    }

    /// <summary>Marks a queued item's view stale instead of re-rendering it, when asked to and its run has no id yet.</summary>
    private static bool Deferred(DeployState state, Guid deploymentId, bool deferUncreated)
    {
        if (!deferUncreated)
        {
            return false;
        }

        ref var track = ref CollectionsMarshal.GetValueRefOrNullRef(state.CheckRuns, deploymentId);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref track) || track.CheckRunId is not null)
        {
            return false;
        }

        track = track with { LinksStale = true };
        return true;
    }

    private static QueuedRun Queued(DeployState state, Deployment d) =>
        new(d.Id, d.Revision, d.Request.Trigger, state.CheckRuns.TryGetValue(d.Id, out var t) ? t.CheckRunId : null);

    /// <summary>Publishes a view, opening a new check run when the previous one is completed and the view moves on.</summary>
    private static void Publish(DeployState state, List<DeployCommand> commands, Guid deploymentId, CheckRunView view)
    {
        ref var track = ref CollectionsMarshal.GetValueRefOrAddDefault(state.CheckRuns, deploymentId, out var existed);
        if (!existed)
        {
            track = new CheckRunTrack(1, null, null, false);
        }

        if (track.LastCompleted && (!view.IsCompleted || view.Conclusion != track.LastConclusion))
        {
            // GitHub never re-opens a completed run (action_required included): show the next state on a new run.
            track = new CheckRunTrack(track.Generation + 1, null, null, false);
        }

        track = track with { LastCompleted = view.IsCompleted, LastConclusion = view.Conclusion, LinksStale = false };

        // Once the publisher reported this generation's id, update that run: the host cannot look the id up
        // itself after a deployment's last publication, because its track is gone by then.
        commands.Add(new PublishCheckRun(new CheckRunPublication(deploymentId, track.Generation, view) { ExistingCheckRunId = track.CheckRunId }));
    }

    private static void Audit(CurrentDeployment current, RunState run, List<DeployCommand> commands)
    {
        switch (run.Apply.Status)
        {
            case JobStatus.InProgress:
                AuditOnce(current, run, AuditState.Running, commands);
                break;
            case JobStatus.Success:
                AuditOnce(current, run, AuditState.Running, commands);
                AuditOnce(current, run, AuditState.Success, commands);
                break;
            case JobStatus.Failed:
                AuditOnce(current, run, AuditState.Running, commands);
                AuditOnce(current, run, AuditState.Failure, commands);
                break;
        }
    }

    private static void AuditOnce(CurrentDeployment current, RunState run, AuditState auditState, List<DeployCommand> commands)
    {
        var bit = 1 << (int)auditState;
        if ((current.AuditedApplyStates & bit) != 0)
        {
            return;
        }

        current.AuditedApplyStates |= bit;
        var request = current.Deployment.Request;
        var reviewed = run.Review == ReviewStatus.Confirmed;
        commands.Add(new PublishAudit(new AuditEvent
        {
            Id = run.Apply.JobId,
            State = auditState,
            Revision = request.Revision,
            Repository = request.Target.Repo.FullName,
            PullNumber = request.PullNumber,
            Environment = request.Tag("environment"),
            InitiatingUser = request.InitiatingUser,
            StartTime = run.Apply.StartedAt,
            EndTime = auditState == AuditState.Running ? null : run.Apply.EndedAt,
            ForceApply = request.Force,
            Project = request.Tag("project"),
            RootName = request.Target.Root,
            ApprovedBy = reviewed ? run.ReviewedBy : null,
            ApprovedTime = reviewed ? run.ReviewedAt : null,
        }));
    }
}
