using Neptune.CheckRuns;

namespace Neptune.Ports;

/// <summary>Shows deployments to people: GitHub check runs, or the log and dashboard in local mode.</summary>
public interface ICheckRunPublisher
{
    /// <summary>
    /// Creates a check run when <see cref="CheckRunPublication.ExistingCheckRunId"/> is empty, otherwise updates that
    /// run (never re-opening a completed one: the decider opens a new generation for that). Returns the run's id.
    /// </summary>
    /// <param name="publication">What to show (the view names the target), and on which run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<long> PublishAsync(CheckRunPublication publication, CancellationToken cancellationToken);
}
