using System.Text;
using Neptune.Audit;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Snapshots;
using Temporalio.Activities;

namespace Neptune.Hosting.Temporal.Activities;

/// <summary>
/// The deploy workflow's activities, run by deploy workers: read the latest deployment, compare revisions, and deliver
/// what the decider published (check runs, audit events, the latest deployment). Each only calls a Core port.
/// </summary>
public sealed class DeployActivities
{
    private readonly IDeploymentStore deploymentStore;
    private readonly ICommitComparer commitComparer;
    private readonly ICheckRunPublisher checkRunPublisher;
    private readonly IAuditSink auditSink;

    /// <summary>Creates the activities over the ports.</summary>
    public DeployActivities(IDeploymentStore deploymentStore, ICommitComparer commitComparer, ICheckRunPublisher checkRunPublisher, IAuditSink auditSink)
    {
        this.deploymentStore = deploymentStore;
        this.commitComparer = commitComparer;
        this.checkRunPublisher = checkRunPublisher;
        this.auditSink = auditSink;
    }

    /// <summary>The latest deployment of <paramref name="target"/> as <see cref="LatestDeploymentJson"/> text, or <see langword="null"/>.</summary>
    [Activity("neptune-read-latest")]
    public async Task<string?> ReadLatestAsync(string target)
    {
        var latest = await deploymentStore.GetLatestAsync(DeployTarget.Parse(target), Token).ConfigureAwait(false);
        return latest is null ? null : Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(latest));
    }

    /// <summary>How <paramref name="headRevision"/> relates to <paramref name="baseRevision"/> in the target's repository. Errors are retried by Temporal, never turned into a direction.</summary>
    [Activity("neptune-compare")]
    public Task<CompareDirection> CompareAsync(string target, string baseRevision, string headRevision) =>
        commitComparer.CompareAsync(DeployTarget.Parse(target).Repo, baseRevision, headRevision, Token);

    /// <summary>Delivers items in order; returns the ids of the check runs published.</summary>
    [Activity("neptune-deliver")]
    public async Task<List<PublishedCheckRun>> DeliverAsync(List<DeliveryItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var published = new List<PublishedCheckRun>();
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case DeliveryKind.CheckRun:
                    var publication = CheckRunPublicationJson.Deserialize(item.Json);
                    var id = await checkRunPublisher.PublishAsync(publication, Token).ConfigureAwait(false);
                    published.Add(new PublishedCheckRun { DeploymentId = publication.DeploymentId, Generation = publication.Generation, CheckRunId = id });
                    break;
                case DeliveryKind.Audit:
                    await auditSink.PublishAsync(AuditEventJson.Deserialize(item.Json), Token).ConfigureAwait(false);
                    break;
                case DeliveryKind.Latest:
                    await deploymentStore.SaveLatestAsync(LatestDeploymentJson.Deserialize(Encoding.UTF8.GetBytes(item.Json)), Token).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentException($"Unknown delivery kind {item.Kind}.", nameof(items));
            }
        }

        return published;
    }

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
