using System.Globalization;
using global::Hangfire.Common;
using global::Hangfire.States;
using global::Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Jobs;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Model;
using Neptune.Snapshots;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>
/// Handles one event of a target, in this order: take the target's distributed lock, skip the event if its id was
/// handled, load the state, let the deciders decide, then save the new state, the event id, the outbox items and the
/// resulting jobs in <b>one</b> storage transaction. A crash before the commit leaves the old state and no job; after
/// it, the new state and all its jobs. Nothing is half saved.
/// </summary>
internal sealed class TargetEventHandler
{
    private const string StateField = "state";
    private const string SequenceField = "outboxSequence";
    private readonly HangfireRuntime runtime;
    private readonly ILogger logger;

    public TargetEventHandler(HangfireRuntime runtime)
    {
        this.runtime = runtime;
        logger = runtime.LoggerFactory.CreateLogger<TargetEventHandler>();
    }

    /// <summary>
    /// Decides one event. <paramref name="eventId"/> makes it idempotent (an id already handled is accepted and changes
    /// nothing). Returns the deciders' refusal, or <see langword="null"/> when accepted.
    /// </summary>
    public async Task<string?> HandleAsync(DeployTarget target, string eventId, Func<TargetDecision, string?> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var connection = runtime.Storage.GetConnection();
        using var targetLock = connection.AcquireDistributedLock(StorageKeys.TargetLock(target), runtime.Options.LockTimeout);
        if (connection.GetAllEntriesFromHash(StorageKeys.Event(eventId)) is { Count: > 0 })
        {
            logger.LogDebug("Event {EventId} of {Target} was already handled.", eventId, target);
            return null;
        }

        var stored = connection.GetAllEntriesFromHash(StorageKeys.Target(target));
        var sequence = stored is not null && stored.TryGetValue(SequenceField, out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : 0;
        var state = stored is not null && stored.TryGetValue(StateField, out var json) ? DeployStateJson.Deserialize(json) : null;
        var now = runtime.Time.GetUtcNow();
        var fresh = state is null || state.IsStopped;
        LatestDeployment? latest = null;
        if (fresh)
        {
            // Never deployed here, or stopped for idleness: start a coordinator, rebuilding the lock from the latest deployment.
            latest = state is null ? await runtime.Ports.DeploymentStore.GetLatestAsync(target, cancellationToken).ConfigureAwait(false) : state.Latest;
            state = new DeployState(target);
        }

        var decision = new TargetDecision(state!, now, runtime.Options.SharedQueue, id => NodeOfRun(connection, id));
        if (fresh)
        {
            var started = decision.Decide(new TargetStarted { At = now, Latest = latest });
            if (started is not null)
            {
                throw new InvalidOperationException($"The coordinator of {target} could not start: {started}");
            }
        }

        var rejection = decide(decision);
        if (rejection is not null && !fresh)
        {
            return rejection;
        }

        Commit(connection, decision, rejection is null ? eventId : null, sequence);
        return rejection;
    }

    private void Commit(IStorageConnection connection, TargetDecision decision, string? eventId, long sequence)
    {
        var target = decision.Target;
        var writes = decision.Writes;
        var now = decision.Now;
        var stamp = now.ToString("O", CultureInfo.InvariantCulture);
        using var transaction = connection.CreateWriteTransaction();
        foreach (var item in writes.Outbox)
        {
            // A set, not a list: sets are part of every storage's basic connection API; the sequence orders delivery.
            ++sequence;
            transaction.AddToSet(StorageKeys.Outbox(target), (item with { Sequence = sequence }).Encode(), sequence);
        }

        transaction.SetRangeInHash(StorageKeys.Target(target), new Dictionary<string, string>
        {
            [StateField] = DeployStateJson.Serialize(decision.State),
            [SequenceField] = sequence.ToString(CultureInfo.InvariantCulture),
        });
        transaction.AddToSet(StorageKeys.Targets, target.Id);
        if (eventId is not null)
        {
            transaction.SetRangeInHash(StorageKeys.Event(eventId), new Dictionary<string, string> { ["target"] = target.Id, ["at"] = stamp });
        }

        foreach (var id in writes.Accepted)
        {
            transaction.SetRangeInHash(StorageKeys.Deployment(id), new Dictionary<string, string> { ["target"] = target.Id });
        }

        foreach (var f in writes.Finished)
        {
            transaction.SetRangeInHash(StorageKeys.Deployment(f.DeploymentId), new Dictionary<string, string>
            {
                ["target"] = target.Id,
                ["outcome"] = f.Outcome.ToString(),
                ["finishedAt"] = f.At.ToString("O", CultureInfo.InvariantCulture),
                ["snapshot"] = f.Snapshot,
            });
        }

        foreach (var (id, p) in writes.RunPlacements)
        {
            var fields = new Dictionary<string, string>
            {
                ["target"] = p.Target,
                ["attempt"] = p.Attempt.ToString(CultureInfo.InvariantCulture),
                ["step"] = p.Step,
                ["since"] = stamp,

                // Empty until a node claims the step: a node that died on an earlier attempt must not stay named.
                ["node"] = p.Node ?? string.Empty,
            };

            transaction.SetRangeInHash(StorageKeys.Run(id), fields);
        }

        foreach (var id in writes.ActiveRunsAdded)
        {
            transaction.AddToSet(StorageKeys.ActiveRuns, id.ToString());
        }

        foreach (var id in writes.ActiveRunsRemoved)
        {
            transaction.RemoveFromSet(StorageKeys.ActiveRuns, id.ToString());
        }

        var jobs = writes.Jobs.ToList();
        if (writes.Outbox.Count > 0)
        {
            jobs.Add((Job.FromExpression<OutboxJobs>(j => j.DeliverAsync(target.Id, CancellationToken.None)), new EnqueuedState(runtime.Options.SharedQueue)));
        }

        foreach (var (job, state) in jobs)
        {
            JobWriter.Add(runtime.Storage, connection, transaction, job, state, now.UtcDateTime);
        }

        transaction.Commit();
    }

    /// <summary>The node that holds a run's files, from its placement.</summary>
    internal static string? NodeOfRun(IStorageConnection connection, Guid deploymentId) =>
        connection.GetAllEntriesFromHash(StorageKeys.Run(deploymentId)) is { } run && run.TryGetValue("node", out var node) && node.Length > 0 ? node : null;
}
