using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Client;
using Neptune.Deploy;
using Neptune.Hosting.InProcess.Coordination;
using Neptune.Hosting.InProcess.Journal;
using Neptune.Hosting.InProcess.Telemetry;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Logs;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess;

/// <summary>
/// Neptune in one process: a coordinator per deploy target over channels, runs on background tasks, and an
/// SQLite journal so a restart loses no queued revision and never applies twice. Usable with <c>new</c>
/// (call <see cref="StartAsync"/>, then <see cref="DisposeAsync"/>); hosts use <c>UseInProcess()</c>.
/// </summary>
public sealed class InProcessNeptune : INeptuneClient, IAsyncDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<DeployTarget, TargetCoordinator> live = [];
    private readonly Dictionary<DeployTarget, LatestDeployment?> dormant = [];

    // Whether each stopped target's merge queue is locked, for the lock gauge (a stopped target's queue is empty).
    private readonly Dictionary<DeployTarget, bool> dormantLocked = [];
    private readonly ConcurrentDictionary<Task, byte> work = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private SqliteJournal? journal;
    private InProcessMetrics? metrics;
    private int started;

    /// <summary>Creates the host; nothing runs until <see cref="StartAsync"/>.</summary>
    public InProcessNeptune(InProcessOptions options, InProcessPorts ports, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ports);
        Options = options;
        Ports = ports;
        Time = time ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = LoggerFactory.CreateLogger<InProcessNeptune>();
        Execution = new RunExecution(this);
        Outbox = new OutboxDelivery(this);
        UnsentLogs = new UnsentJobLogs(this);
    }

    /// <summary>The options in use.</summary>
    public InProcessOptions Options { get; }

    internal InProcessPorts Ports { get; }

    internal TimeProvider Time { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal RunExecution Execution { get; }

    internal OutboxDelivery Outbox { get; }

    internal UnsentJobLogs UnsentLogs { get; }

    internal JobLogOptions JobLogOptions => Options.JobLogs;

    internal CancellationToken Stopping => stopping.Token;

    internal SqliteJournal Journal => journal ?? throw new InvalidOperationException("Neptune has not started; call StartAsync first.");

    internal ConcurrentDictionary<Guid, JobLog> LiveLogs { get; } = new();

    internal ConcurrentDictionary<Guid, DeployTarget> ActiveDeployments { get; } = new();

    /// <summary>
    /// The span each live deployment's next job continues: its revision span, then its plan span. Kept in memory only
    /// (and only while someone traces): a deployment resumed after a restart starts a trace of its own.
    /// </summary>
    internal ConcurrentDictionary<Guid, ActivityContext> Traces { get; } = new();

    /// <summary>Whether the host has started and is not stopping.</summary>
    internal bool IsRunning => Volatile.Read(ref started) == 1 && !stopping.IsCancellationRequested;

    /// <summary>The meter of this host's per-target gauges, once started.</summary>
    internal InProcessMetrics? Metrics => metrics;

    /// <summary>Opens the journal, restores every target's queue, lock and latest deployment, and restarts interrupted work.</summary>
    /// <exception cref="JournalException">The journal is corrupt or from a newer Neptune; nothing was changed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("Neptune has already started.");
        }

        Directory.CreateDirectory(Options.FullDataDir);
        journal = SqliteJournal.Open(Options.JournalPath);
        var restored = new List<TargetCoordinator>();
        foreach (var (id, json, queued) in journal.LoadTargets())
        {
            DeployState state;
            try
            {
                state = DeployStateJson.Deserialize(json, queued);
            }
            catch (FormatException e)
            {
                throw new JournalException($"The journal '{journal.Path}' holds an unreadable state for {id}: {e.Message} Restore the file from a backup or move it aside; Neptune does not reset it silently.", e);
            }

            if (state.IsStopped)
            {
                dormant[state.Target] = state.Latest;
                dormantLocked[state.Target] = state.Queue.Lock.IsLocked;
                continue;
            }

            var coordinator = new TargetCoordinator(this, state.Target, state, null);
            live[state.Target] = coordinator;
            restored.Add(coordinator);
            foreach (var deployment in coordinator.Deployments)
            {
                ActiveDeployments[deployment] = state.Target;
            }
        }

        foreach (var task in Outbox.Start())
        {
            Track(task);
        }

        Outbox.Enqueue(journal.LoadOutbox());
        metrics = new InProcessMetrics(this);
        UnsentLogs.Start();
        foreach (var coordinator in restored)
        {
            coordinator.Start();
        }

        logger.LogInformation("Neptune started in process with {Targets} active targets from {Journal}.", restored.Count, journal.Path);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.CreateVersion7(Time.GetUtcNow());
        using var activity = NeptuneTelemetry.ActivitySource.StartActivity(NeptuneTelemetry.RevisionSpan);
        if (activity is not null)
        {
            activity.SetTag(NeptuneTelemetry.TargetTag, request.Target.Id);
            activity.SetTag(NeptuneTelemetry.RevisionTag, request.Revision);
            activity.SetTag(NeptuneTelemetry.DeploymentIdTag, id);

            // Before the request is sent: the coordinator may start the plan as soon as it commits.
            Traces[id] = activity.Context;
        }

        var rejection = await SendAsync(request.Target, new DeployMessage(new RevisionRequested { At = Time.GetUtcNow(), DeploymentId = id, Request = request }), cancellationToken).ConfigureAwait(false);
        if (rejection is not null && activity is not null)
        {
            Traces.TryRemove(id, out _);
            activity.SetTag("neptune.dropped", rejection);
        }

        return rejection is null ? new RevisionReceipt(id, null) : new RevisionReceipt(null, rejection);
    }

    /// <inheritdoc />
    public async Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        RequireKnown(target);
        var rejection = await SendAsync(target, new DeployMessage(new UnlockRequested { At = Time.GetUtcNow(), User = user }), cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            throw new NeptuneRejectedException(rejection);
        }
    }

    /// <inheritdoc />
    public async Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        if (!Enum.IsDefined(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "A review is Confirm or Reject.");
        }

        if (!ActiveDeployments.TryGetValue(deploymentId, out var target))
        {
            throw Journal.History(deploymentId) is { } done
                ? new NeptuneRejectedException($"Deployment {deploymentId} has already finished ({done.Outcome}); there is nothing to review.")
                : new NeptuneNotFoundException($"No deployment {deploymentId} is known.");
        }

        var rejection = await SendAsync(target, new RunMessage(deploymentId, new ReviewSubmitted { At = Time.GetUtcNow(), Decision = decision, User = user }), cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            throw new NeptuneRejectedException(rejection);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default)
    {
        TargetCoordinator[] running;
        KeyValuePair<DeployTarget, LatestDeployment?>[] resting;
        lock (gate)
        {
            running = [.. live.Values];
            resting = [.. dormant.Where(d => !live.ContainsKey(d.Key))];
        }

        var statuses = new List<TargetStatus>(running.Length + resting.Length);
        foreach (var coordinator in running)
        {
            if (await QueryAsync(coordinator, cancellationToken).ConfigureAwait(false) is { } status)
            {
                statuses.Add(status);
            }
            else if (Rests(coordinator.Target, out var retiredLatest))
            {
                // It stopped after the snapshot above: it rests now.
                statuses.Add(Resting(coordinator.Target, retiredLatest));
            }
        }

        statuses.AddRange(resting.Select(r => Resting(r.Key, r.Value)));
        return [.. statuses.OrderBy(s => s.Target.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        TargetCoordinator? coordinator;
        LatestDeployment? latest;
        bool known;
        lock (gate)
        {
            live.TryGetValue(target, out coordinator);
            known = dormant.TryGetValue(target, out latest);
        }

        if (coordinator is not null && await QueryAsync(coordinator, cancellationToken).ConfigureAwait(false) is { } status)
        {
            return status;
        }

        if (coordinator?.Failure is { } failure)
        {
            // Not "unknown": the target is there, as last committed, until a restart recovers it.
            throw new InvalidOperationException($"The coordinator of {target} has failed ({failure.Message}); restart Neptune to recover it from the journal.", failure);
        }

        if (coordinator is not null && Rests(target, out var retiredLatest))
        {
            // It stopped between the lookup above and the query: it rests now.
            (known, latest) = (true, retiredLatest);
        }

        return known ? Resting(target, latest) : throw new NeptuneNotFoundException($"No deploy target {target} is known.");
    }

    /// <summary>Whether a target rests (known, no live coordinator), with its latest deployment.</summary>
    private bool Rests(DeployTarget target, out LatestDeployment? latest)
    {
        lock (gate)
        {
            latest = null;
            return !live.ContainsKey(target) && dormant.TryGetValue(target, out latest);
        }
    }

    /// <inheritdoc />
    public async Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default)
    {
        if (ActiveDeployments.TryGetValue(deploymentId, out var target))
        {
            var status = await GetTargetAsync(target, cancellationToken).ConfigureAwait(false);
            var found = status.Manual.Concat(status.Merge).Append(status.Current).FirstOrDefault(d => d?.Deployment.Id == deploymentId);
            if (found is not null)
            {
                return found;
            }
        }

        // Finished (possibly between the index lookup and the query): the journal's history has it.
        if (Journal.History(deploymentId) is { } done)
        {
            return TargetStatusView.Finished(RunStateJson.Deserialize(done.Snapshot), done.FinishedAt);
        }

        throw new NeptuneNotFoundException($"No deployment {deploymentId} is known.");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (LiveLogs.TryGetValue(jobId, out var log))
        {
            await foreach (var line in log.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            yield break;
        }

        // A log the store refused waits on local disk until the store takes it: read it there meanwhile.
        var stored = await UnsentLogs.OpenAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? await Ports.JobLogStore.OpenAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new NeptuneNotFoundException($"No job {jobId} is running or stored.");
        using var reader = new StreamReader(stored);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    /// <summary>Stops coordinators and work. Running terraform processes are cancelled; the next start re-plans an interrupted plan and marks an interrupted apply failed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        TargetCoordinator[] running;
        lock (gate)
        {
            running = [.. live.Values];
        }

        await Task.WhenAll(running.Select(c => c.Completion).Concat(work.Keys)).ConfigureAwait(false);
        metrics?.Dispose();
        journal?.Dispose();
        stopping.Dispose();
    }

    internal void Post(DeployTarget target, CoordinatorMessage message, bool createIfStopped = true)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        lock (gate)
        {
            if (!live.TryGetValue(target, out var coordinator))
            {
                if (!createIfStopped)
                {
                    return;
                }

                dormant.TryGetValue(target, out var latest);
                coordinator = new TargetCoordinator(this, target, null, latest);
                live[target] = coordinator;
                coordinator.Start();
            }

            if (!coordinator.TryPost(message))
            {
                // Only a failed coordinator refuses mail; its committed state comes back at the next start.
                var failed = new InvalidOperationException($"The coordinator of {target} has failed; restart Neptune to recover it from the journal.");
                message.Reply?.TrySetException(failed);
                (message as StatusQuery)?.Status.TrySetException(failed);
            }
        }
    }

    internal void Retire(TargetCoordinator coordinator, LatestDeployment? latest, IReadOnlyList<CoordinatorMessage> leftovers)
    {
        List<CoordinatorMessage> late;
        lock (gate)
        {
            if (live.TryGetValue(coordinator.Target, out var current) && current == coordinator)
            {
                live.Remove(coordinator.Target);
            }

            dormant[coordinator.Target] = latest;
            dormantLocked[coordinator.Target] = coordinator.Locked;

            // Posting takes this lock and no longer finds the coordinator: whatever reached its mailbox since its last
            // read is all there will ever be.
            late = coordinator.CloseMailbox();
        }

        // Messages that reached the stopped coordinator go to a fresh one, in order.
        foreach (var message in leftovers.Concat(late))
        {
            Post(coordinator.Target, message);
        }
    }

    /// <summary>Every known target with its queue depths and lock, as last committed; for the gauges.</summary>
    internal List<(DeployTarget Target, int Manual, int Merge, bool Locked)> Readings()
    {
        lock (gate)
        {
            var readings = new List<(DeployTarget, int, int, bool)>(live.Count + dormant.Count);
            foreach (var coordinator in live.Values)
            {
                readings.Add((coordinator.Target, coordinator.ManualDepth, coordinator.MergeDepth, coordinator.Locked));
            }

            foreach (var target in dormant.Keys)
            {
                if (!live.ContainsKey(target))
                {
                    readings.Add((target, 0, 0, dormantLocked.GetValueOrDefault(target)));
                }
            }

            return readings;
        }
    }

    internal void Track(Task task)
    {
        work[task] = 0;
        _ = task.ContinueWith(
            t =>
            {
                work.TryRemove(t, out _);
                if (t.Exception is { } e)
                {
                    logger.LogError(e, "Background work failed.");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task<string?> SendAsync(DeployTarget target, CoordinatorMessage message, CancellationToken cancellationToken)
    {
        _ = Journal;
        var reply = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(target, message with { Reply = reply });
        if (stopping.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(InProcessNeptune), "Neptune is shutting down.");
        }

        return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TargetStatus?> QueryAsync(TargetCoordinator coordinator, CancellationToken cancellationToken)
    {
        var status = new TaskCompletionSource<TargetStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!coordinator.TryPost(new StatusQuery(status)))
        {
            return null;
        }

        // A coordinator that stops before reading the query hands it on; its answer then comes from the successor.
        return await status.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RequireKnown(DeployTarget target)
    {
        lock (gate)
        {
            if (!live.ContainsKey(target) && !dormant.ContainsKey(target))
            {
                throw new NeptuneNotFoundException($"No deploy target {target} is known.");
            }
        }
    }

    /// <summary>A stopped target as it would start again: the decider rebuilds the lock from its latest deployment.</summary>
    private TargetStatus Resting(DeployTarget target, LatestDeployment? latest)
    {
        var state = new DeployState(target);
        DeployDecider.Decide(state, new TargetStarted { At = Time.GetUtcNow(), Latest = latest });
        return TargetStatusView.Of(state);
    }
}
