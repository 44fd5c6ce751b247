using System.Collections.Concurrent;
using System.Diagnostics;
using Neptune.Client;
using Neptune.Hosting.InProcess;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// The in-process host as <see cref="INeptuneClient"/>, passing every call through, that also notes when the host's
/// receipt for each push's revision came back (<see cref="Stopwatch"/> ticks): the revision is then committed to the
/// host's journal. The only cost it adds is one dictionary write per revision.
/// </summary>
public sealed class ReceiptClock : INeptuneClient
{
    private readonly InProcessNeptune _host;
    private readonly ConcurrentDictionary<long, long> _acceptedAt = new();
    private long _dropped;

    /// <summary>Wraps the host.</summary>
    public ReceiptClock(InProcessNeptune host) => _host = host;

    /// <summary>Revisions the host accepted (gave a deployment id).</summary>
    public int Accepted => _acceptedAt.Count;

    /// <summary>Revisions the host dropped (expected 0: merges are never duplicates).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>When the host accepted push <paramref name="number"/>'s revision, in <see cref="Stopwatch"/> ticks.</summary>
    public bool TryGetAcceptedAt(long number, out long timestamp) => _acceptedAt.TryGetValue(number, out timestamp);

    /// <inheritdoc />
    public async Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var receipt = await _host.RequestRevisionAsync(request, cancellationToken).ConfigureAwait(false);
        if (receipt.Accepted)
        {
            _acceptedAt[PushDeliveries.Number(request.Revision)] = Stopwatch.GetTimestamp();
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }

        return receipt;
    }

    /// <inheritdoc />
    public Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default) =>
        _host.UnlockAsync(target, user, cancellationToken);

    /// <inheritdoc />
    public Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default) =>
        _host.ReviewAsync(deploymentId, decision, user, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default) => _host.GetTargetsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default) => _host.GetTargetAsync(target, cancellationToken);

    /// <inheritdoc />
    public Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default) =>
        _host.GetDeploymentAsync(deploymentId, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, CancellationToken cancellationToken = default) => _host.ReadJobLogAsync(jobId, cancellationToken);
}
