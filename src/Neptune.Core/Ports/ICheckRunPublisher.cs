using Neptune.CheckRuns;

namespace Neptune.Ports;

/// <summary>Shows deployments to people: GitHub check runs, or the log and dashboard in local mode.</summary>
public interface ICheckRunPublisher
{
    /// <summary>
    /// Creates the check run for (<see cref="CheckRunPublication.DeploymentId"/>, <see cref="CheckRunPublication.Generation"/>)
    /// the first time that pair is seen and updates it afterwards. Returns the check run id.
    /// </summary>
    Task<long> PublishAsync(CheckRunPublication publication, CancellationToken cancellationToken);
}
