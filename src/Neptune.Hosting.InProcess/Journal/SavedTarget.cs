namespace Neptune.Hosting.InProcess.Journal;

/// <summary>A target's saved state: its head and its queued deployments' parts in queue order (none when the head is a whole snapshot).</summary>
/// <param name="Target">The target id.</param>
/// <param name="State">The head (or, as version 1 journals wrote it, the whole state).</param>
/// <param name="Queued">The queued deployments' parts, in queue order.</param>
public sealed record SavedTarget(string Target, string State, IReadOnlyList<string> Queued);
