using System.Diagnostics;
using System.Threading.Channels;
using Neptune.Client;
using Microsoft.Extensions.Logging;
using Neptune.Audit;
using Neptune.Deploy;
using Neptune.Hosting.InProcess.Journal;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>
/// The actor of one deploy target: reads its mailbox, feeds the deciders, commits the new state and everything
/// to deliver in one journal transaction, and only then answers callers and starts work. Because nothing
/// leaves the coordinator before it is committed, a crash can lose at most work that recovery redoes.
/// </summary>
internal sealed class TargetCoordinator
{
    private const int MaxBatch = 256;
    private readonly InProcessNeptune engine;
    private readonly ILogger logger;
    private readonly Channel<CoordinatorMessage> mailbox = Channel.CreateUnbounded<CoordinatorMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DeployState state;
    private readonly bool restored;
    private readonly LatestDeployment? knownLatest;

    // Collected while handling a batch; acted on after the commit.
    private readonly List<OutboxItem> outbox = [];
    private readonly List<HistoryEntry> history = [];
    private readonly List<Action> effects = [];
    private readonly List<(TaskCompletionSource<string?> Reply, string? Rejection)> replies = [];

    // A status answered before the batch's commit could name a deployment as finished before the journal's history
    // has it, so GetDeploymentAsync would find it nowhere; answers wait for the commit like replies do.
    private readonly List<(TaskCompletionSource<TargetStatus> Status, TargetStatus View)> answers = [];
    private readonly List<DeployCommand> commands = [];
    private bool dirty;

    // The check-run track of each queued deployment as the journal holds its part; null until the first commit, which
    // writes every part anew (a restored state may have come from a whole snapshot).
    private Dictionary<Guid, CheckRunTrack?>? journaledQueue;
    private ITimer? idleTimer;
    private readonly Dictionary<Guid, ITimer> reviewTimers = [];

    public TargetCoordinator(InProcessNeptune engine, DeployTarget target, DeployState? restoredState, LatestDeployment? knownLatest)
    {
        this.engine = engine;
        logger = engine.LoggerFactory.CreateLogger<TargetCoordinator>();
        state = restoredState ?? new DeployState(target);
        restored = restoredState is not null;
        this.knownLatest = knownLatest;
        Target = target;
    }

    public DeployTarget Target { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Deployments this target holds (queued or current), to index them at start.</summary>
    public IEnumerable<Guid> Deployments =>
        state.Queue.Manual.Concat(state.Queue.Merge).Select(d => d.Id).Concat(state.Current is { } c ? [c.Deployment.Id] : []);

    // What the gauges read: the queue and lock as last committed (written by the coordinator, read by any thread).
    private int manualDepth;
    private int mergeDepth;
    private int locked;

    public int ManualDepth => Volatile.Read(ref manualDepth);

    public int MergeDepth => Volatile.Read(ref mergeDepth);

    public bool Locked => Volatile.Read(ref locked) != 0;

    public bool TryPost(CoordinatorMessage message) => mailbox.Writer.TryWrite(message);

    /// <summary>
    /// Closes the mailbox (later posts are refused) and returns what reached it after the coordinator's last read. The
    /// engine calls it when retiring a stopped coordinator, under the lock that posting takes and once the coordinator
    /// is no longer the target's live one, and hands the messages on: a message posted between the coordinator's last
    /// read and its retirement would otherwise wait forever in a mailbox nobody reads. A failed coordinator fails them.
    /// </summary>
    public List<CoordinatorMessage> CloseMailbox()
    {
        mailbox.Writer.TryComplete();
        var late = new List<CoordinatorMessage>();
        while (mailbox.Reader.TryRead(out var message))
        {
            late.Add(message);
        }

        return late;
    }

    /// <summary>Why the coordinator failed (a journal write refused, for example on a full disk), or <see langword="null"/>.</summary>
    public Exception? Failure { get; private set; }

    public void Start()
    {
        Publish();

        // The coordinator outlives whoever created it (often a request inside a trace and a logger scope): it must not
        // carry that caller's Activity.Current or log scopes into every later deployment.
        if (ExecutionContext.IsFlowSuppressed())
        {
            Completion = Task.Run(RunAsync);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            Completion = Task.Run(RunAsync);
        }
    }

    private void Publish()
    {
        Volatile.Write(ref manualDepth, state.Queue.ManualCount);
        Volatile.Write(ref mergeDepth, state.Queue.MergeCount);
        Volatile.Write(ref locked, state.Queue.Lock.IsLocked ? 1 : 0);
    }

    private async Task RunAsync()
    {
        var stopping = engine.Stopping;
        using var scope = TargetScope(logger, Target.Id);
        try
        {
            if (restored)
            {
                Recover();
            }
            else
            {
                var latest = knownLatest ?? await LatestFromStoreAsync(stopping).ConfigureAwait(false);
                Handle(new DeployMessage(new TargetStarted { At = Now, Latest = latest }));
            }

            await CommitAsync().ConfigureAwait(false);
            var reader = mailbox.Reader;
            while (!state.IsStopped && await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                var leftovers = new List<CoordinatorMessage>();
                for (var n = 0; n < MaxBatch && reader.TryRead(out var message); n++)
                {
                    if (state.IsStopped)
                    {
                        leftovers.Add(message);
                        continue;
                    }

                    Handle(message);
                }

                await CommitAsync().ConfigureAwait(false);
                if (state.IsStopped)
                {
                    while (reader.TryRead(out var late))
                    {
                        leftovers.Add(late);
                    }

                    engine.Retire(this, state.Latest, leftovers);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            FailPending(new ObjectDisposedException(nameof(InProcessNeptune), "Neptune is shutting down; the request was not taken."));
        }
        catch (Exception e)
        {
            Failure = e;
            logger.LogCritical(e, "The coordinator of {Target} failed; its state is as last committed and is recovered at the next start.", Target);
            FailPending(new InvalidOperationException($"The coordinator of {Target} failed: {e.Message}", e));
        }
        finally
        {
            DisposeTimers();
        }
    }

    private DateTimeOffset Now => engine.Time.GetUtcNow();

    private async Task<LatestDeployment?> LatestFromStoreAsync(CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await engine.Ports.DeploymentStore.GetLatestAsync(Target, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Starting without the latest deployment would skip the ordering check: wait for the store instead.
                var delay = RunPolicy.Compare.DelayAfter(attempt);
                logger.LogError(e, "Reading the latest deployment of {Target} failed (attempt {Attempt}); retrying in {Delay}.", Target, attempt, delay);
                await Task.Delay(delay, engine.Time, stopping).ConfigureAwait(false);
            }
        }
    }

    private void Recover()
    {
        // The decider state came back from the journal; restart what was running when the process died.
        if (state.Current is { Phase: DeploymentPhase.Ordering } ordering && state.Latest is { } latest)
        {
            var d = ordering.Deployment;
            var compare = new CompareRevisions(d.Id, d.Target.Repo, latest.Revision, d.Revision);
            effects.Add(() => Track(engine.Execution.CompareAsync(Target, compare)));
        }
        else if (state.Current is { Phase: DeploymentPhase.Running, Run: { IsFinished: false } } running)
        {
            var rejection = ApplyRun(running.Deployment.Id, new RunRecovered { At = Now });
            if (rejection is not null)
            {
                logger.LogWarning("Recovering deployment {DeploymentId} of {Target}: {Reason}", running.Deployment.Id, Target, rejection);
            }
        }

        if (state.IsIdle)
        {
            var due = state.IdleDeadline;
            effects.Add(() => ArmIdle(due));
        }
    }

    private void Handle(CoordinatorMessage message)
    {
        string? rejection;
        switch (message)
        {
            case DeployMessage { Event: var e }:
                rejection = Decide(e);
                if (e is RevisionRequested r && rejection is null)
                {
                    engine.ActiveDeployments[r.DeploymentId] = Target;
                }

                break;
            case RunMessage run:
                rejection = ApplyRun(run.DeploymentId, run.Event);
                break;
            case StatusQuery query:
                answers.Add((query.Status, TargetStatusView.Of(state)));
                rejection = null;
                break;
            default:
                rejection = $"Unknown message {message.GetType().Name}.";
                break;
        }

        if (rejection is not null && message is not StatusQuery)
        {
            logger.LogDebug("{Target} refused {Message}: {Reason}", Target, message, rejection);
        }

        dirty |= rejection is null && message is not StatusQuery;
        if (message.Reply is { } reply)
        {
            replies.Add((reply, rejection));
        }
    }

    private string? Decide(DeployEvent e)
    {
        commands.Clear();
        var rejection = DeployDecider.Decide(state, e, commands);

        // Copy: executing a command can decide further events, which reuse the list. Clearing it keeps an idle
        // coordinator from holding on to its last decision.
        var decided = commands.ToArray();
        commands.Clear();
        foreach (var command in decided)
        {
            Execute(command);
        }

        return rejection;
    }

    private void Execute(DeployCommand command)
    {
        switch (command)
        {
            case CompareRevisions compare:
                effects.Add(() => Track(engine.Execution.CompareAsync(Target, compare)));
                break;
            case StartRun start:
                var rejection = ApplyRun(start.Deployment.Id, new RunRequested { At = Now, Deployment = start.Deployment, Approval = start.Approval });
                if (rejection is not null)
                {
                    throw new InvalidOperationException($"The run of {start.Deployment.Id} could not start: {rejection}");
                }

                break;
            case PublishCheckRun publish:
                outbox.Add(new OutboxItem(0, Target.Id, OutboxKind.CheckRun, CheckRunPublicationJson.Serialize(publish.Publication)) { Publication = publish.Publication });
                break;
            case PublishAudit audit:
                outbox.Add(new OutboxItem(0, Target.Id, OutboxKind.Audit, AuditEventJson.Serialize(audit.Event)));
                break;
            case PersistLatest persist:
                outbox.Add(new OutboxItem(0, Target.Id, OutboxKind.Latest, System.Text.Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(persist.Deployment))));
                break;
            case ScheduleIdleTimer idle:
                effects.Add(() => ArmIdle(idle.DueAt));
                break;
            case DeploymentFinished finished:
                Finished(finished);
                break;
            case StopCoordinator:
                break;
            default:
                throw new InvalidOperationException($"Unknown deploy command {command.GetType().Name}.");
        }
    }

    private string? ApplyRun(Guid deploymentId, RunEvent e)
    {
        if (state.Current is not { Phase: DeploymentPhase.Running } current || current.Deployment.Id != deploymentId)
        {
            return $"Deployment {deploymentId} is not the running deployment of {Target}.";
        }

        var decision = RunDecider.Decide(current.Run, e);
        if (!decision.Accepted)
        {
            return decision.Rejection;
        }

        foreach (var command in decision.Commands)
        {
            switch (command)
            {
                case ReportRunState report:
                    var refused = Decide(new RunStateChanged { At = e.At, State = report.State });
                    if (refused is not null)
                    {
                        throw new InvalidOperationException($"The target refused the state of its own run {deploymentId}: {refused}");
                    }

                    break;
                case ExecutePlan plan:
                    effects.Add(() => Track(engine.Execution.PlanAsync(Target, plan)));
                    break;
                case ExecuteApply apply:
                    effects.Add(() => Track(engine.Execution.ApplyAsync(Target, apply)));
                    break;
                case ScheduleReviewTimeout review:
                    effects.Add(() => ArmReview(deploymentId, review.DueAt));
                    break;
                case CleanupWorkspace cleanup:
                    effects.Add(() => Track(engine.Execution.CleanupAsync(cleanup.DeploymentId)));
                    break;
                case FinishRun:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown run command {command.GetType().Name}.");
            }
        }

        return null;
    }

    private void Finished(DeploymentFinished finished)
    {
        var d = finished.Deployment;
        var snapshot = finished.Run ?? new RunState
        {
            Deployment = d,
            Approval = PlanApproval.Auto,
            Plan = new JobSnapshot(d.PlanJobId, JobStatus.Waiting),
            Apply = new JobSnapshot(d.ApplyJobId, JobStatus.Waiting),
            Result = finished.Result,
        };
        history.Add(new HistoryEntry(d.Id, Target.Id, Now, finished.Result.Outcome.ToString(), RunStateJson.Serialize(snapshot)));
        var outcome = finished.Result.Outcome;
        effects.Add(() =>
        {
            logger.LogInformation("Deployment {DeploymentId} of {Revision} finished: {Outcome}.", d.Id, d.Revision, outcome);

            // After the commit, so a deployment is counted once however often the batch is retried.
            if (NeptuneTelemetry.Deployments.Enabled)
            {
                NeptuneTelemetry.Deployments.Add(1, new TagList { { NeptuneTelemetry.TargetTag, Target.Id }, { NeptuneTelemetry.OutcomeTag, outcome.ToString() } });
            }

            engine.Traces.TryRemove(d.Id, out _);
            engine.ActiveDeployments.TryRemove(new KeyValuePair<Guid, DeployTarget>(d.Id, Target));
            if (reviewTimers.Remove(d.Id, out var timer))
            {
                timer.Dispose();
            }
        });
    }

    private async Task CommitAsync()
    {
        if (!dirty && replies.Count == 0 && outbox.Count == 0 && history.Count == 0 && effects.Count == 0)
        {
            Answer(); // nothing to commit: a pure query
            return;
        }

        dirty = false;

        // While this commit waits for its group's transaction, the mailbox fills: the next batch is larger.
        var committed = await engine.Journal.CommitAsync(Target.Id, DeployStateJson.SerializeHead(state), QueueChanges(), outbox, history).ConfigureAwait(false);
        Publish();
        engine.Outbox.Enqueue(committed);
        outbox.Clear();
        history.Clear();
        foreach (var (reply, rejection) in replies)
        {
            reply.TrySetResult(rejection);
        }

        replies.Clear();
        Answer();
        var run = effects.ToArray();
        effects.Clear();
        foreach (var effect in run)
        {
            effect();
        }
    }

    /// <summary>
    /// The queued deployments' parts to write: those that joined the queue or whose check run changed since the last
    /// commit, and those that left it. A commit's cost then follows what changed, not how long the queue is.
    /// </summary>
    private QueuedChanges QueueChanges()
    {
        var replaceAll = journaledQueue is null;
        var journaled = journaledQueue ??= [];
        var upserted = new List<QueuedPart>();
        foreach (var d in state.Queue.InOrder)
        {
            var track = state.CheckRunOf(d.Id);
            if (replaceAll || !journaled.TryGetValue(d.Id, out var written) || written != track)
            {
                upserted.Add(new QueuedPart(d.Id, DeployStateJson.SerializeQueued(state, d)));
                journaled[d.Id] = track;
            }
        }

        List<Guid> removed = [];
        if (journaled.Count > state.Queue.Count)
        {
            var queued = state.Queue.InOrder.Select(d => d.Id).ToHashSet();
            foreach (var id in journaled.Keys)
            {
                if (!queued.Contains(id))
                {
                    removed.Add(id);
                }
            }

            foreach (var id in removed)
            {
                journaled.Remove(id);
            }
        }

        return new QueuedChanges(upserted, removed, replaceAll);
    }

    private void Answer()
    {
        foreach (var (status, view) in answers)
        {
            status.TrySetResult(view);
        }

        answers.Clear();
    }

    private void FailPending(Exception e)
    {
        // Callers waiting on uncommitted work learn it was not taken, rather than waiting forever.
        var unread = CloseMailbox();
        foreach (var (reply, _) in replies)
        {
            reply.TrySetException(e);
        }

        replies.Clear();
        foreach (var (status, _) in answers)
        {
            status.TrySetException(e);
        }

        answers.Clear();
        foreach (var message in unread)
        {
            message.Reply?.TrySetException(e);
            (message as StatusQuery)?.Status.TrySetException(e);
        }
    }

    private void Track(Task work) => engine.Track(work);

    private void ArmIdle(DateTimeOffset due)
    {
        idleTimer?.Dispose();
        idleTimer = engine.Time.CreateTimer(
            _ => engine.Post(Target, new DeployMessage(new IdleTimerFired { At = engine.Time.GetUtcNow() }), createIfStopped: false),
            null,
            Until(due),
            Timeout.InfiniteTimeSpan);
    }

    private void ArmReview(Guid deploymentId, DateTimeOffset due)
    {
        if (reviewTimers.Remove(deploymentId, out var old))
        {
            old.Dispose();
        }

        reviewTimers[deploymentId] = engine.Time.CreateTimer(
            _ => engine.Post(Target, new RunMessage(deploymentId, new ReviewTimerFired { At = engine.Time.GetUtcNow() })),
            null,
            Until(due),
            Timeout.InfiniteTimeSpan);
    }

    private TimeSpan Until(DateTimeOffset due)
    {
        var wait = due - Now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static readonly Func<ILogger, string, IDisposable?> TargetScope = LoggerMessage.DefineScope<string>("Target {TargetId}");

    private void DisposeTimers()
    {
        idleTimer?.Dispose();
        foreach (var timer in reviewTimers.Values)
        {
            timer.Dispose();
        }

        reviewTimers.Clear();
    }
}
