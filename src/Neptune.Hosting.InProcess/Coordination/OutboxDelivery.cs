using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Neptune.Audit;
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
        try
        {
            await foreach (var item in reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await DeliverAsync(item, stopping).ConfigureAwait(false);
                        break;
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        var delay = RunPolicy.Publish.DelayAfter(attempt);
                        logger.LogWarning(e, "Delivering {Kind} #{Sequence} of {Target} failed (attempt {Attempt}); retrying in {Delay}.", item.Kind, item.Sequence, item.Target, attempt, delay);
                        await Task.Delay(delay, engine.Time, stopping).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Undelivered items stay in the journal and are delivered after the next start.
        }
    }

    private async Task DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var journal = engine.Journal;
        switch (item.Kind)
        {
            case OutboxKind.CheckRun:
                var publication = CheckRunPublicationJson.Deserialize(item.Payload);
                var known = journal.CheckRunId(publication.DeploymentId, publication.Generation);
                var id = await engine.Ports.CheckRunPublisher.PublishAsync(publication with { ExistingCheckRunId = known ?? publication.ExistingCheckRunId }, cancellationToken).ConfigureAwait(false);
                journal.CheckRunDelivered(item.Sequence, publication.DeploymentId, publication.Generation, id);
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
                journal.Delivered(item.Sequence);
                break;
            default:
                var latest = LatestDeploymentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(item.Payload));
                await engine.Ports.DeploymentStore.SaveLatestAsync(latest, cancellationToken).ConfigureAwait(false);
                journal.Delivered(item.Sequence);
                break;
        }
    }
}
