namespace Neptune.Hosting.InProcess.Journal;

/// <summary>A finished deployment kept for queries.</summary>
/// <param name="DeploymentId">The deployment.</param>
/// <param name="Target">Its target id.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Outcome">Its outcome name.</param>
/// <param name="Snapshot">The final run state as JSON (or, for validation failures, the deployment), see <see cref="Snapshots.RunStateJson"/>.</param>
public sealed record HistoryEntry(Guid DeploymentId, string Target, DateTimeOffset FinishedAt, string Outcome, string Snapshot);
