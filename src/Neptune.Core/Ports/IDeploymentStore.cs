using Neptune.Model;

namespace Neptune.Ports;

/// <summary>Keeps each target's <see cref="LatestDeployment"/> (one document at <see cref="StoreKeys.Deployment"/>).</summary>
public interface IDeploymentStore
{
    /// <summary>The latest deployment, or <see langword="null"/> when the target was never deployed.</summary>
    Task<LatestDeployment?> GetLatestAsync(DeployTarget target, CancellationToken cancellationToken);

    /// <summary>Replaces the latest deployment.</summary>
    Task SaveLatestAsync(LatestDeployment deployment, CancellationToken cancellationToken);
}
