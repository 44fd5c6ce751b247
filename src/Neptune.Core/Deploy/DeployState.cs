using Neptune.Model;
using Neptune.Queue;

namespace Neptune.Deploy;

/// <summary>
/// Everything a target's coordinator knows: queue and lock, the latest deployment, the deployment in
/// flight, the check runs of live deployments and the idle deadline. Changed only by <see cref="DeployDecider"/>;
/// hosts read it for queries (dashboard, API). Not thread-safe: one coordinator owns it.
/// </summary>
public sealed class DeployState
{
    /// <summary>Creates the state of a coordinator that has not started yet.</summary>
    public DeployState(DeployTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    /// <summary>The target.</summary>
    public DeployTarget Target { get; }

    /// <summary>The queue and its lock.</summary>
    public DeployQueue Queue { get; } = new();

    /// <summary>The latest persisted deployment.</summary>
    public LatestDeployment? Latest { get; internal set; }

    /// <summary>The deployment in flight, if any.</summary>
    public CurrentDeployment? Current { get; internal set; }

    /// <summary>Whether <see cref="TargetStarted"/> was applied.</summary>
    public bool IsStarted { get; internal set; }

    /// <summary>Whether the coordinator stopped for idleness; it accepts no more events.</summary>
    public bool IsStopped { get; internal set; }

    /// <summary>When the coordinator may stop if it stays idle.</summary>
    public DateTimeOffset IdleDeadline { get; internal set; }

    /// <summary>Whether nothing is in flight and nothing is queued.</summary>
    public bool IsIdle => Current is null && Queue.IsEmpty;

    /// <summary>Check runs of queued and in-flight deployments.</summary>
    internal Dictionary<Guid, CheckRunTrack> CheckRuns { get; } = [];

    /// <summary>The newest check run of a live deployment, or <see langword="null"/>.</summary>
    public CheckRunTrack? CheckRunOf(Guid deploymentId) => CheckRuns.TryGetValue(deploymentId, out var t) ? t : null;
}
