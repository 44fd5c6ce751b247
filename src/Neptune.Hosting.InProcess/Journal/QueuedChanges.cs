namespace Neptune.Hosting.InProcess.Journal;

/// <summary>
/// What changed in a target's queued deployments since its last commit, each kept as its own part (see
/// <c>DeployStateJson.SerializeQueued</c>): a commit writes the parts that changed, not the whole queue.
/// </summary>
/// <param name="Upserted">Parts of deployments that joined the queue (in queue order) or whose check run changed.</param>
/// <param name="Removed">Deployments that left the queue.</param>
/// <param name="ReplaceAll">Whether every part the journal holds for the target is dropped first (<paramref name="Upserted"/> then lists the whole queue).</param>
public sealed record QueuedChanges(IReadOnlyList<QueuedPart> Upserted, IReadOnlyList<Guid> Removed, bool ReplaceAll)
{
    /// <summary>The whole queue: drops what the journal holds and writes <paramref name="parts"/>.</summary>
    public static QueuedChanges ReplaceWith(IReadOnlyList<QueuedPart> parts) => new(parts, [], ReplaceAll: true);
}
