using Neptune.Model;
using Neptune.Queue;

namespace Neptune.Client;

/// <summary>A target as the dashboard shows it.</summary>
public sealed record TargetStatus
{
    /// <summary>The target.</summary>
    public required DeployTarget Target { get; init; }

    /// <summary>The merge lane's lock.</summary>
    public required QueueLock Lock { get; init; }

    /// <summary>The manual lane, next first.</summary>
    public required IReadOnlyList<DeploymentStatus> Manual { get; init; }

    /// <summary>The merge lane, next first.</summary>
    public required IReadOnlyList<DeploymentStatus> Merge { get; init; }

    /// <summary>The deployment in flight.</summary>
    public DeploymentStatus? Current { get; init; }

    /// <summary>The latest persisted deployment.</summary>
    public LatestDeployment? Latest { get; init; }
}
