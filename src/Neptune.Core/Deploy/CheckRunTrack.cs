using Neptune.CheckRuns;

namespace Neptune.Deploy;

/// <summary>The check runs of one deployment: the newest generation, its GitHub id once known, and what it last showed.</summary>
/// <param name="Generation">Which check run is the newest (1 for the first).</param>
/// <param name="CheckRunId">The newest run's id, once the publisher reported it.</param>
/// <param name="LastConclusion">The conclusion last published, when it was completed.</param>
/// <param name="LastCompleted">Whether the last published view was completed.</param>
public readonly record struct CheckRunTrack(int Generation, long? CheckRunId, CheckRunConclusion? LastConclusion, bool LastCompleted)
{
    /// <summary>
    /// Whether the last view published for this queued deployment lacks the link to a run ahead of it whose id arrived
    /// later. Set only while this deployment's own run has no id yet (its creation is still on its way), so the view is
    /// refreshed once, when that id arrives, rather than once per run ahead.
    /// </summary>
    public bool LinksStale { get; init; }
}
