using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Snapshots;
using Neptune.Tests.Runs;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>What the simulated world does next.</summary>
public enum SimStep
{
    Merge,
    Manual,
    Rerun,
    Force,
    Compare,
    Run,
    Unlock,
    IdleTimer,
    ReportCheckRunId,
    ReplayRunState,
}

/// <summary>
/// A small host around one target's <see cref="DeployDecider"/>: it answers compares, drives each started run
/// through a <see cref="RunDecider"/>, unlocks, fires idle timers, reports check-run ids and redelivers run states,
/// all chosen by the generated steps; a stopped coordinator is started again (from the persisted latest) by the next
/// revision. Every event and command is checked against the rules of spec §3–§6 as it happens.
/// </summary>
internal sealed class DeploySimulation(bool roundTripEveryEvent)
{
    private static readonly RunOutcome[] StepFailures =
        [RunOutcome.TerraformFailed, RunOutcome.InternalError, RunOutcome.HeartbeatTimeout, RunOutcome.DurationTimeout, RunOutcome.SchedulingTimeout, RunOutcome.Interrupted];

    private static readonly PlanReading[] Readings = [RunFlow.Changes, RunFlow.NoChanges, RunFlow.Unreadable];

    private static readonly JsonSerializerOptions CommandJson = new() { WriteIndented = false };

    private DeployState state = NewStartedState(null, T0);
    private DateTimeOffset now = T0;
    private int nextDeployment = 1;
    private long nextCheckRunId = 4_294_967_296L; // beyond 32 bits from the first one
    private LatestDeployment? persisted;
    private Guid? awaitingCompare;
    private StartRun? awaitingStart;
    private RunStateChanged? lastReport;
    private DateTimeOffset? idleDue;

    private readonly Dictionary<Guid, RunState?> runs = [];
    private readonly Dictionary<Guid, Trigger> lanes = [];
    private readonly List<Guid> accepted = [];
    private readonly Dictionary<Trigger, List<Guid>> arrivals = new() { [Trigger.Manual] = [], [Trigger.Merge] = [] };
    private readonly Dictionary<Trigger, List<Guid>> departures = new() { [Trigger.Manual] = [], [Trigger.Merge] = [] };
    private readonly HashSet<Guid> startedRuns = [];
    private readonly HashSet<Guid> applied = [];
    private readonly HashSet<Guid> rejected = [];
    private readonly Dictionary<Guid, RunResult> finished = [];
    private readonly HashSet<(Guid ApplyJob, AuditState State)> audits = [];
    private readonly Dictionary<Guid, int> newestGeneration = [];
    private readonly Dictionary<(Guid, int), CheckRunConclusion?> completedRuns = [];
    private readonly Dictionary<(Guid, int), long> reportedIds = [];
    private readonly List<CheckRunPublication> publications = [];
    private readonly Dictionary<Guid, CheckRunPublication> lastPublication = [];

    /// <summary>Notable things that happened, so a test can show the random runs reach every rule.</summary>
    public HashSet<string> Seen { get; } = [];

    public void Play(IEnumerable<(SimStep Step, int Choice, int Minutes)> steps)
    {
        foreach (var (step, choice, minutes) in steps)
        {
            now = now.AddMinutes(minutes);
            Do(step, choice);
        }

        Drain();
        CheckEnd();
    }

    private void Do(SimStep step, int choice)
    {
        switch (step)
        {
            case SimStep.Merge:
                Request(Merge(Shas[choice % Shas.Length]));
                break;
            case SimStep.Manual:
                Request(TestData.Manual(Shas[choice % Shas.Length]));
                break;
            case SimStep.Rerun:
                Request(TestData.Manual(Shas[choice % Shas.Length], rerun: true));
                break;
            case SimStep.Force:
                Request(TestData.Manual(Shas[choice % Shas.Length], force: true, branch: choice % 2 == 0 ? "main" : "hotfix"));
                break;
            case SimStep.Compare:
                Compare((CompareDirection)(choice % 4), choice);
                break;
            case SimStep.Run:
                AdvanceRun(choice);
                break;
            case SimStep.Unlock:
                var wasLocked = state.Queue.Lock.IsLocked && !state.IsStopped;
                Assert.Equal(wasLocked, Feed(new UnlockRequested { At = now, User = "bob" }).Accepted);
                Assert.False(state.Queue.Lock.IsLocked && !state.IsStopped);
                break;
            case SimStep.IdleTimer:
                FireIdle(choice);
                break;
            case SimStep.ReportCheckRunId:
                ReportCheckRunId(choice);
                break;
            case SimStep.ReplayRunState:
                if (lastReport is { } replay)
                {
                    var live = !state.IsStopped && state.Current?.Deployment.Id == replay.State.DeploymentId;
                    var decision = Feed(replay);
                    Assert.Equal(live, decision.Accepted);
                    Seen.Add(live ? "run state redelivered" : "stale run state refused");
                    Assert.DoesNotContain(decision.Commands, c => c is PublishAudit or StartRun or PersistLatest or DeploymentFinished);
                }

                break;
        }
    }

    private void Request(RevisionRequest request)
    {
        if (state.IsStopped)
        {
            // The coordinator ended for idleness: the next revision starts a new one from the stored latest.
            Assert.True(state.IsIdle);
            state = NewStartedState(persisted, now);
            Seen.Add(state.Queue.Lock.IsLocked ? "restarted locked" : "restarted");
            Assert.Equal(persisted is { Trigger: Trigger.Manual } ? persisted.Revision : null, state.Queue.Lock.Revision);
            idleDue = state.IdleDeadline;
        }

        var duplicate = request.Trigger == Trigger.Manual
            && (state.Queue.Manual.Any(d => d.Revision == request.Revision) || state.Current?.Deployment.Revision == request.Revision);
        var id = Id(nextDeployment++);
        var lockBefore = state.Queue.Lock;
        var decision = Feed(new RevisionRequested { At = now, DeploymentId = id, Request = request }, newId: (id, request.Trigger));

        Assert.Equal(!duplicate, decision.Accepted);
        if (duplicate)
        {
            Seen.Add("manual request deduped");
        }

        if (decision.Accepted)
        {
            // A manual non-rerun deploy locks at its revision; a rerun or a merge leaves the lock alone.
            var expectedLock = request.Trigger == Trigger.Manual && !request.Rerun ? request.Revision : lockBefore.Revision;
            Assert.Equal(expectedLock, state.Queue.Lock.Revision);
        }
    }

    private void Compare(CompareDirection direction, int choice)
    {
        if (awaitingCompare is { } id)
        {
            Assert.True(Feed(new OrderingResolved { At = now, DeploymentId = id, Direction = direction }).Accepted);
            return;
        }

        // A stray or late answer: nobody is waiting for it.
        var stray = accepted.Count == 0 ? Id(999) : accepted[choice % accepted.Count];
        Assert.False(Feed(new OrderingResolved { At = now, DeploymentId = stray, Direction = direction }).Accepted);
    }

    private void AdvanceRun(int choice)
    {
        if (awaitingStart is { } start)
        {
            awaitingStart = null;
            RunEvent(start.Deployment.Id, new RunRequested { At = now, Deployment = start.Deployment, Approval = start.Approval });
            return;
        }

        if (state.IsStopped || state.Current is not { Phase: DeploymentPhase.Running } current)
        {
            return;
        }

        var id = current.Deployment.Id;
        var run = runs[id]!;
        RunEvent next;
        if (run.Plan.Status == JobStatus.InProgress)
        {
            next = (choice % 6) switch
            {
                < 3 => new PlanSucceeded { At = now, Reading = Readings[choice / 6 % Readings.Length] },
                3 => new PlanFailed { At = now, Failure = StepFailures[choice / 6 % StepFailures.Length], Message = "plan broke" },
                4 => new RunRecovered { At = now },
                _ => new PlanSucceeded { At = now, Reading = RunFlow.Changes },
            };
        }
        else if (run.Review == ReviewStatus.Pending)
        {
            switch (choice % 4)
            {
                case 0:
                    next = new ReviewSubmitted { At = now, Decision = ReviewDecision.Confirm, User = "dana" };
                    break;
                case 1:
                    next = new ReviewSubmitted { At = now, Decision = ReviewDecision.Reject, User = "erin" };
                    break;
                case 2:
                    now = now > run.ReviewDeadline!.Value ? now : run.ReviewDeadline.Value;
                    next = new ReviewTimerFired { At = now };
                    break;
                default:
                    next = new RunRecovered { At = now };
                    break;
            }
        }
        else
        {
            next = (choice % 4) switch
            {
                < 2 => new ApplySucceeded { At = now },
                2 => new ApplyFailed { At = now, Failure = StepFailures[choice / 4 % StepFailures.Length], Message = "apply broke" },
                _ => new RunRecovered { At = now },
            };
        }

        RunEvent(id, next);
    }

    private void RunEvent(Guid id, RunEvent e)
    {
        runs.TryGetValue(id, out var run);
        var decision = RunDecider.Decide(run, e);
        Assert.True(decision.Accepted, $"{e.GetType().Name} was refused by the run: {decision.Rejection}");
        runs[id] = decision.State;
        foreach (var command in decision.Commands)
        {
            switch (command)
            {
                case ExecuteApply apply:
                    Assert.True(applied.Add(apply.Deployment.Id), $"Apply was issued twice for {apply.Deployment.Id}.");
                    break;
                case ReportRunState report:
                    lastReport = new RunStateChanged { At = now, State = report.State };
                    Assert.True(Feed(lastReport).Accepted, "The running deployment's own state was refused.");
                    break;
            }
        }
    }

    private void FireIdle(int choice)
    {
        var at = choice % 2 == 0 && idleDue is { } due && due > now ? due : now;
        var expected = !state.IsStopped && state.IsIdle && at >= state.IdleDeadline;
        var decision = Feed(new IdleTimerFired { At = at });
        Assert.Equal(expected, decision.Accepted);
        if (decision.Accepted)
        {
            now = at;
            Assert.Equal([StopCoordinator.Instance], decision.Commands);
        }
    }

    private void ReportCheckRunId(int choice)
    {
        if (publications.Count == 0)
        {
            return;
        }

        var p = publications[choice % publications.Count];
        var key = (p.DeploymentId, p.Generation);
        if (!reportedIds.TryGetValue(key, out var checkRunId))
        {
            checkRunId = nextCheckRunId++;
        }

        var live = !state.IsStopped && state.CheckRunOf(p.DeploymentId)?.Generation == p.Generation;
        var stale = live && state.CheckRunOf(p.DeploymentId)!.Value.LinksStale;

        // Known before the decision: a refresh it issues for this very run must already update it.
        var wasReported = reportedIds.ContainsKey(key);
        reportedIds[key] = checkRunId;
        var decision = Feed(new CheckRunPublished { At = now, DeploymentId = p.DeploymentId, Generation = p.Generation, CheckRunId = checkRunId });
        Assert.Equal(live, decision.Accepted);
        if (!decision.Accepted && !wasReported)
        {
            reportedIds.Remove(key);
        }

        if (decision.Accepted)
        {
            Seen.Add("check-run id recorded");
            Assert.Equal(checkRunId, state.CheckRunOf(p.DeploymentId)!.Value.CheckRunId);
            Assert.False(state.CheckRunOf(p.DeploymentId)!.Value.LinksStale);
            if (stale && state.Queue.InOrder.Any(d => d.Id == p.DeploymentId))
            {
                // Its view lacked links: the id's arrival re-rendered it (CheckQueuedViewsAreCurrent checks the content).
                Assert.Contains(decision.Commands.OfType<PublishCheckRun>(), c => c.Publication.DeploymentId == p.DeploymentId);
                Seen.Add("stale links refreshed");
            }
        }
    }

    /// <summary>Lets everything in flight finish (locked merges stay queued), as a host would given time.</summary>
    private void Drain()
    {
        for (var guard = 0; guard < 10_000 && !state.IsStopped && state.Current is not null; guard++)
        {
            if (awaitingCompare is { } id)
            {
                Assert.True(Feed(new OrderingResolved { At = now, DeploymentId = id, Direction = CompareDirection.Ahead }).Accepted);
            }
            else
            {
                // Confirm a pending review; otherwise plan without changes and apply successfully.
                AdvanceRun(0);
            }
        }

        Assert.True(state.IsStopped || state.Current is null, "The deployment in flight never finished.");
    }

    private void CheckEnd()
    {
        var queued = state.Queue.InOrder.Select(d => d.Id).ToHashSet();
        foreach (var id in accepted)
        {
            // Nothing lost, nothing duplicated: each accepted revision ran, was refused by the ordering rules, or still waits.
            var fates = (startedRuns.Contains(id) ? 1 : 0) + (rejected.Contains(id) ? 1 : 0) + (queued.Contains(id) ? 1 : 0);
            Assert.True(fates == 1, $"Deployment {id} ran {startedRuns.Contains(id)}, was rejected {rejected.Contains(id)}, is queued {queued.Contains(id)}.");
            Assert.Equal(!queued.Contains(id), finished.ContainsKey(id));
        }

        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        if (queued.Count > 0)
        {
            // Only merges held by the lock can be left once everything in flight has finished.
            Assert.Equal(0, state.Queue.ManualCount);
            Assert.True(state.Queue.Lock.IsLocked);
        }
    }

    /// <summary>Applies an event, checks every rule it touches, and carries out the commands.</summary>
    private DeployDecision Feed(DeployEvent e, (Guid Id, Trigger Lane)? newId = null)
    {
        var queuedBefore = state.Queue.InOrder.Select(d => d.Id).ToList();
        var lockBefore = state.Queue.Lock;
        var decision = Decide(e);
        if (!decision.Accepted)
        {
            Seen.Add($"refused {e.GetType().Name}");
            return decision;
        }

        if (e is not (RevisionRequested or UnlockRequested))
        {
            // Only a manual request locks and only an explicit unlock unlocks: run outcomes never touch the lock.
            Assert.Equal(lockBefore, state.Queue.Lock);
        }

        if (newId is { } added)
        {
            accepted.Add(added.Id);
            lanes.Add(added.Id, added.Lane);
            arrivals[added.Lane].Add(added.Id);
            queuedBefore.Add(added.Id);
        }

        // Whatever is no longer queued has left the queue; one event lets at most one item go.
        var queuedAfter = state.Queue.InOrder.Select(d => d.Id).ToHashSet();
        var gone = queuedBefore.Where(id => !queuedAfter.Contains(id)).ToList();
        Assert.True(gone.Count <= 1, "More than one item left the queue on one event.");
        foreach (var left in gone)
        {
            var lane = lanes[left];
            if (lane == Trigger.Merge)
            {
                // Manual items always go first, and no merge item leaves while the lane is locked.
                Assert.Equal(0, state.Queue.ManualCount);
                Assert.False(state.Queue.Lock.IsLocked, "A merge item left while the merge lane was locked.");
                Assert.True(!lockBefore.IsLocked || e is UnlockRequested, "A merge item left while the merge lane was locked.");
                Seen.Add(e is UnlockRequested ? "unlock released a merge" : "merge left");
            }
            else if (state.Queue.MergeCount > 0)
            {
                Seen.Add("manual left ahead of merges");
            }

            departures[lane].Add(left);
            var sent = departures[lane];
            Assert.Equal(arrivals[lane].Take(sent.Count), sent); // first in, first out within the lane
        }

        foreach (var command in decision.Commands)
        {
            Carry(command);
        }

        CheckQueuedViewsAreCurrent();

        // At most one deployment in flight: everything that left and did not finish is the current one.
        var inFlight = departures.Values.SelectMany(d => d).Where(id => !finished.ContainsKey(id)).ToList();
        Assert.True(inFlight.Count <= 1, $"{inFlight.Count} deployments are in flight.");
        Assert.Equal(inFlight.Count == 0 ? (Guid?)null : inFlight[0], state.Current?.Deployment.Id);
        return decision;
    }

    private void Carry(DeployCommand command)
    {
        switch (command)
        {
            case CompareRevisions c:
                Assert.Null(awaitingCompare);
                Assert.Equal(state.Current!.Deployment.Id, c.DeploymentId);
                Assert.Equal(state.Latest!.Revision, c.BaseRevision);
                awaitingCompare = c.DeploymentId;
                break;

            case StartRun s:
                Assert.True(startedRuns.Add(s.Deployment.Id), $"StartRun was issued twice for {s.Deployment.Id}.");
                Assert.Equal(s.Deployment.Id, awaitingCompare ?? s.Deployment.Id);
                awaitingCompare = null;
                awaitingStart = s;
                break;

            case PublishCheckRun p:
                CheckPublication(p.Publication);
                break;

            case PublishAudit a:
                Assert.True(audits.Add((a.Event.Id, a.Event.State)), $"Audit {a.Event.State} of apply {a.Event.Id} was published twice.");
                Seen.Add($"audit {a.Event.State}");
                break;

            case PersistLatest l:
                persisted = l.Deployment;
                Assert.Equal(l.Deployment, state.Latest);
                break;

            case ScheduleIdleTimer t:
                idleDue = t.DueAt;
                break;

            case StopCoordinator:
                Assert.True(state.IsIdle);
                Seen.Add("stopped");
                break;

            case DeploymentFinished f:
                var id = f.Deployment.Id;
                Assert.True(finished.TryAdd(id, f.Result), $"Deployment {id} finished twice.");
                if (f.Run is null)
                {
                    Assert.Equal(RunOutcome.ValidationFailed, f.Result.Outcome);
                    Assert.DoesNotContain(id, startedRuns);
                    rejected.Add(id);
                    Assert.Equal(id, awaitingCompare);
                    awaitingCompare = null;
                }
                else
                {
                    Assert.Contains(id, startedRuns);
                    Assert.Same(f.Result, f.Run.Result);
                }

                // Spec §4.5: the outcomes that persist became the latest; the others left it as it was.
                Assert.Equal(f.Result.PersistsAsLatest, persisted?.Id == id && state.Latest?.Id == id);
                Seen.Add($"{f.Result.Outcome} {(f.Result.PersistsAsLatest ? "persisted" : "not persisted")}");
                break;
        }
    }

    private void CheckPublication(CheckRunPublication p)
    {
        var id = p.DeploymentId;
        if (newestGeneration.TryGetValue(id, out var generation))
        {
            // Never backwards, and one step at a time.
            Assert.True(p.Generation == generation || p.Generation == generation + 1, $"Generation went from {generation} to {p.Generation}.");
        }
        else
        {
            Assert.Equal(1, p.Generation);
        }

        newestGeneration[id] = p.Generation;

        if (completedRuns.TryGetValue((id, p.Generation), out var conclusion))
        {
            // GitHub never lets a completed run change its status again.
            Assert.True(p.View.IsCompleted, "A completed check run was re-opened.");
            Assert.Equal(conclusion, p.View.Conclusion);
        }
        else if (p.View.IsCompleted)
        {
            completedRuns.Add((id, p.Generation), p.View.Conclusion);
        }

        Assert.Equal(reportedIds.TryGetValue((id, p.Generation), out var known) ? known : null, p.ExistingCheckRunId);
        Seen.Add(p.ExistingCheckRunId is null ? $"generation {Math.Min(p.Generation, 3)} created" : "known check run updated");
        publications.Add(p);
        lastPublication[id] = p;
    }

    /// <summary>
    /// Spec §3/§6: every queued item's check run shows the queue and lock as they are now, on its newest run, and
    /// links to the newest runs of the items ahead of it. One exception, bounded: a run still being created (no id
    /// yet) and marked <see cref="CheckRunTrack.LinksStale"/> may lack links to runs ahead whose ids arrived after it
    /// was rendered; the decider refreshes it when its own id arrives (checked in <see cref="ReportCheckRunId"/>).
    /// </summary>
    private void CheckQueuedViewsAreCurrent()
    {
        var ahead = new List<QueuedRun>();
        foreach (var d in state.Queue.InOrder)
        {
            var track = state.CheckRunOf(d.Id)!.Value;
            var shown = lastPublication[d.Id];
            QueuedRun[] links = [.. ahead];
            if (track.LinksStale)
            {
                Assert.Null(track.CheckRunId);
                Assert.Equal(links.Length, shown.View.Ahead!.Count);
                links = [.. links.Select((r, i) => shown.View.Ahead![i].CheckRunId is null ? r with { CheckRunId = null } : r)];
            }

            var expected = d.Request.Trigger == Trigger.Merge && state.Queue.Lock.IsLocked
                ? CheckRunViews.Locked(d, state.Queue.Lock.Revision, links)
                : CheckRunViews.Queued(d, links);
            Assert.Equal(ToJson(expected), ToJson(shown.View));
            Assert.Equal(track.Generation, shown.Generation);
            ahead.Add(new QueuedRun(d.Id, d.Revision, d.Request.Trigger, track.CheckRunId));
        }
    }

    private DeployDecision Decide(DeployEvent e)
    {
        var before = Canonical(state);
        if (!roundTripEveryEvent)
        {
            var decision = DeployDecider.Decide(state, e);
            if (!decision.Accepted)
            {
                Assert.Empty(decision.Commands);
                Assert.Equal(before, Canonical(state));
            }

            return decision;
        }

        // The snapshot carries everything: the restored state decides this event exactly like the original.
        var restored = DeployStateJson.Deserialize(DeployStateJson.Serialize(state));
        Assert.Equal(before, Canonical(restored));

        // So does the snapshot in parts (head + one part per queued deployment), as the in-process journal keeps it.
        var fromParts = DeployStateJson.Deserialize(DeployStateJson.SerializeHead(state), state.Queue.InOrder.Select(d => DeployStateJson.SerializeQueued(state, d)));
        Assert.Equal(before, Canonical(fromParts));
        var original = DeployDecider.Decide(state, e);
        var twin = DeployDecider.Decide(restored, e);
        Assert.Equal(original.Rejection, twin.Rejection);
        Assert.Equal(original.Commands.Select(ToJson), twin.Commands.Select(ToJson));
        Assert.Equal(Canonical(state), Canonical(restored));
        if (!original.Accepted)
        {
            Assert.Empty(original.Commands);
            Assert.Equal(before, Canonical(state));
        }

        return original;
    }

    private static string ToJson(object value) => value.GetType().Name + JsonSerializer.Serialize(value, value.GetType(), CommandJson);

    /// <summary>The snapshot with check-run tracks in id order (a dictionary's enumeration order is not part of the state).</summary>
    private static string Canonical(DeployState s)
    {
        var node = JsonNode.Parse(DeployStateJson.Serialize(s))!.AsObject();
        if (node["checkRuns"] is JsonArray tracks)
        {
            var sorted = tracks.Select(t => t!.DeepClone()).OrderBy(t => t["deploymentId"]!.GetValue<Guid>()).ToArray();
            node["checkRuns"] = new JsonArray(sorted);
        }

        return node.ToJsonString();
    }

    private static DeployState NewStartedState(LatestDeployment? latest, DateTimeOffset at)
    {
        var s = new DeployState(Target);
        Assert.True(DeployDecider.Decide(s, new TargetStarted { At = at, Latest = latest }).Accepted);
        return s;
    }
}
