using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Hosting.InProcess.Journal;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;

namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>
/// Delivers what the journal committed to the outside (check runs, audit events, latest deployments) and
/// deletes each item once delivered. One lane per kind, each in commit order, so a GitHub outage never holds
/// back the deployment store and every check run is created before it is updated.
/// </summary>
internal sealed class OutboxDelivery
{
    private const int MaxBatch = 256;
    private readonly InProcessNeptune engine;
    private readonly ILogger logger;
    private readonly Dictionary<OutboxKind, Channel<OutboxItem>> lanes = [];

    public OutboxDelivery(InProcessNeptune engine)
    {
        this.engine = engine;
        logger = engine.LoggerFactory.CreateLogger<OutboxDelivery>();
        foreach (var kind in Enum.GetValues<OutboxKind>())
        {
            lanes[kind] = Channel.CreateUnbounded<OutboxItem>(new UnboundedChannelOptions { SingleReader = true });
        }
    }

    public IEnumerable<Task> Start() => lanes.Select(lane => Task.Run(() => DeliverAsync(lane.Value.Reader)));

    public void Enqueue(IEnumerable<OutboxItem> items)
    {
        foreach (var item in items)
        {
            lanes[item.Kind].Writer.TryWrite(item);
        }
    }

    private async Task DeliverAsync(ChannelReader<OutboxItem> reader)
    {
        var stopping = engine.Stopping;
        var batch = new List<OutboxItem>();
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                foreach (var delivery in Coalesce(batch))
                {
                    await DeliverWithRetriesAsync(delivery, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Undelivered items stay in the journal and are delivered after the next start.
        }
    }

    /// <summary>
    /// Only the newest view of a check run and the newest latest deployment of a target matter: older ones
    /// waiting in the same batch are dropped with the delivery of the newest (a queue change re-renders every
    /// queued run, so this saves most GitHub calls and journal writes). Audit events are each delivered.
    /// </summary>
    private static IEnumerable<Delivery> Coalesce(List<OutboxItem> batch)
    {
        if (batch[0].Kind == OutboxKind.Audit)
        {
            return batch.Select(item => new Delivery(item, null, [item.Sequence]));
        }

        var newest = new Dictionary<string, (int Position, OutboxItem Item, CheckRunPublication? Publication, List<long> Sequences)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var publication = item.Kind == OutboxKind.CheckRun ? item.Publication ?? CheckRunPublicationJson.Deserialize(item.Payload) : null;
            var key = publication is null ? item.Target : $"{publication.DeploymentId}/{publication.Generation}";
            var sequences = newest.TryGetValue(key, out var earlier) ? earlier.Sequences : [];
            sequences.Add(item.Sequence);
            newest[key] = (i, item, publication, sequences);
        }

        return newest.Values.OrderBy(n => n.Position).Select(n => new Delivery(n.Item, n.Publication, n.Sequences));
    }

    private async Task DeliverWithRetriesAsync(Delivery delivery, CancellationToken stopping)
    {
        using var scope = delivery.Publication is { } publication
            ? DeploymentScope(logger, delivery.Item.Target, publication.DeploymentId)
            : TargetScope(logger, delivery.Item.Target);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeliverAsync(delivery, stopping).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                var item = delivery.Item;
                var delay = RunPolicy.Publish.DelayAfter(attempt);
                logger.LogWarning(e, "Delivering {Kind} #{Sequence} of {Target} failed (attempt {Attempt}); retrying in {Delay}.", item.Kind, item.Sequence, item.Target, attempt, delay);
                await Task.Delay(delay, engine.Time, stopping).ConfigureAwait(false);
            }
        }
    }

    private static readonly Func<ILogger, string, IDisposable?> TargetScope = LoggerMessage.DefineScope<string>("Target {TargetId}");

    private static readonly Func<ILogger, string, Guid, IDisposable?> DeploymentScope =
        LoggerMessage.DefineScope<string, Guid>("Target {TargetId}, deployment {DeploymentId}");

    private async Task DeliverAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var journal = engine.Journal;
        var item = delivery.Item;
        switch (item.Kind)
        {
            case OutboxKind.CheckRun:
                var publication = delivery.Publication!;
                var known = journal.CheckRunId(publication.DeploymentId, publication.Generation);
                var id = await engine.Ports.CheckRunPublisher.PublishAsync(publication with { ExistingCheckRunId = known ?? publication.ExistingCheckRunId }, cancellationToken).ConfigureAwait(false);
                await journal.CheckRunDeliveredAsync(delivery.Sequences, publication.DeploymentId, publication.Generation, id).ConfigureAwait(false);
                if (known is null)
                {
                    // Queued runs link to the runs ahead of them: let the target learn the id (ignored if it moved on).
                    engine.Post(
                        DeployTarget.Parse(item.Target),
                        new DeployMessage(new CheckRunPublished { At = engine.Time.GetUtcNow(), DeploymentId = publication.DeploymentId, Generation = publication.Generation, CheckRunId = id }),
                        createIfStopped: false);
                }

                break;
            case OutboxKind.Audit:
                await engine.Ports.AuditSink.PublishAsync(AuditEventJson.Deserialize(item.Payload), cancellationToken).ConfigureAwait(false);
                await journal.DeliveredAsync(delivery.Sequences).ConfigureAwait(false);
                break;
            default:
                var latest = LatestDeploymentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(item.Payload));
                await engine.Ports.DeploymentStore.SaveLatestAsync(latest, cancellationToken).ConfigureAwait(false);
                await journal.DeliveredAsync(delivery.Sequences).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>One item to deliver, with the outbox rows its delivery settles (itself and the older ones it supersedes).</summary>
    private sealed record Delivery(OutboxItem Item, CheckRunPublication? Publication, IReadOnlyList<long> Sequences);
}
