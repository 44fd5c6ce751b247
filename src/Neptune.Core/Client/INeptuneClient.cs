using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Client;

/// <summary>
/// What gateways, dashboards and admin tools call, whatever the host (in-process, Temporal, Hangfire).
/// Invalid input throws <see cref="ArgumentException"/>; unknown targets, deployments and jobs throw
/// <see cref="NeptuneNotFoundException"/>; requests the rules refuse throw <see cref="NeptuneRejectedException"/>.
/// </summary>
public interface INeptuneClient
{
    /// <summary>
    /// Delivers a revision to its target's coordinator, starting it if needed. Returns once the request is
    /// durably accepted (or dropped as a duplicate manual deploy, which the receipt says).
    /// </summary>
    Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Unlocks the merge lane of a target.</summary>
    Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default);

    /// <summary>Confirms or rejects the plan of a deployment awaiting review.</summary>
    Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default);

    /// <summary>Every target with a running coordinator.</summary>
    Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default);

    /// <summary>One target: queue lanes, lock, current and latest deployment.</summary>
    Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default);

    /// <summary>One deployment, queued, in flight or finished.</summary>
    Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A job's log: every line so far, then live lines until the job ends; a finished job's log comes from
    /// the job store. Throws <see cref="NeptuneNotFoundException"/> for an unknown job.
    /// </summary>
    IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, CancellationToken cancellationToken = default);
}
