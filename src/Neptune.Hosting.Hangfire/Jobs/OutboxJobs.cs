using System.Globalization;
using Microsoft.Extensions.Logging;
using Neptune.Audit;
using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Model;
using Neptune.Snapshots;

namespace Neptune.Hosting.Hangfire.Jobs;

/// <summary>
/// Delivers a target's outbox — check runs, audit events, latest deployments — in commit order, one deliverer per
/// target at a time, removing each item only after its port accepted it (so a crash re-delivers, never loses).
/// A failed delivery throws and Hangfire retries the job; the item stays first in line.
/// </summary>
public sealed class OutboxJobs
{
    private readonly HangfireRuntime runtime;
    private readonly ILogger logger;

    internal OutboxJobs(HangfireRuntime runtime)
    {
        this.runtime = runtime;
        logger = runtime.LoggerFactory.CreateLogger<OutboxJobs>();
    }

    /// <summary>Delivers every item of the target's outbox.</summary>
    public async Task DeliverAsync(string target, CancellationToken cancellationToken)
    {
        var t = DeployTarget.Parse(target);
        using var connection = runtime.Storage.GetConnection();
        using var outboxLock = connection.AcquireDistributedLock(StorageKeys.OutboxLock(t), runtime.Options.LockTimeout);
        var items = connection.GetAllItemsFromSet(StorageKeys.Outbox(t)).Select(v => (Raw: v, Item: OutboxItem.Decode(v))).OrderBy(i => i.Item.Sequence).ToList();
        foreach (var (raw, item) in items)
        {
            await DeliverAsync(connection, t, item, cancellationToken).ConfigureAwait(false);
            using var transaction = connection.CreateWriteTransaction();
            transaction.RemoveFromSet(StorageKeys.Outbox(t), raw);
            transaction.Commit();
        }
    }

    private async Task DeliverAsync(global::Hangfire.Storage.IStorageConnection connection, DeployTarget target, OutboxItem item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case OutboxKind.CheckRun:
                var publication = CheckRunPublicationJson.Deserialize(item.Payload);
                var field = string.Create(CultureInfo.InvariantCulture, $"{publication.DeploymentId}:{publication.Generation}");
                var known = connection.GetAllEntriesFromHash(StorageKeys.CheckRunIds(target)) is { } ids && ids.TryGetValue(field, out var k)
                    ? long.Parse(k, CultureInfo.InvariantCulture)
                    : (long?)null;
                var id = await runtime.Ports.CheckRunPublisher.PublishAsync(publication with { ExistingCheckRunId = publication.ExistingCheckRunId ?? known }, cancellationToken).ConfigureAwait(false);
                if (known != id)
                {
                    using (var transaction = connection.CreateWriteTransaction())
                    {
                        transaction.SetRangeInHash(StorageKeys.CheckRunIds(target), new Dictionary<string, string> { [field] = id.ToString(CultureInfo.InvariantCulture) });
                        transaction.Commit();
                    }

                    await runtime.Events.HandleAsync(
                        target,
                        $"checkrun:{field}:{id}",
                        d => d.Decide(new CheckRunPublished { At = d.Now, DeploymentId = publication.DeploymentId, Generation = publication.Generation, CheckRunId = id }),
                        cancellationToken).ConfigureAwait(false);
                }

                break;
            case OutboxKind.Audit:
                await runtime.Ports.AuditSink.PublishAsync(AuditEventJson.Deserialize(item.Payload), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKind.Latest:
                await runtime.Ports.DeploymentStore.SaveLatestAsync(LatestDeploymentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(item.Payload)), cancellationToken).ConfigureAwait(false);
                break;
            default:
                logger.LogError("Unknown outbox item kind {Kind} for {Target}; dropped.", item.Kind, target);
                break;
        }
    }
}
