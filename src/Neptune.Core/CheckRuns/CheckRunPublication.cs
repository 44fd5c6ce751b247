namespace Neptune.CheckRuns;

/// <summary>
/// One check-run write. The pair (<see cref="DeploymentId"/>, <see cref="Generation"/>) names one GitHub
/// check run: the publisher creates it on first sight and updates it afterwards. The decider raises the
/// generation whenever the previous view was completed, because completed runs cannot be re-opened.
/// </summary>
/// <param name="DeploymentId">The deployment.</param>
/// <param name="Generation">Which check run of the deployment (1 for the first).</param>
/// <param name="View">What to show.</param>
public sealed record CheckRunPublication(Guid DeploymentId, int Generation, CheckRunView View)
{
    /// <summary>
    /// The GitHub id of this generation's run when it is already known (update it); <see langword="null"/>
    /// to create it. The deploy decider fills it in from the id reported for this generation (<c>CheckRunPublished</c>).
    /// </summary>
    public long? ExistingCheckRunId { get; init; }
}
