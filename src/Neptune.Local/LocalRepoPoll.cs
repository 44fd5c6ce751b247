using Neptune.GitHub.Intake;

namespace Neptune.Local;

/// <summary>What one poll found in one watched repository.</summary>
/// <param name="Name">The repository's name (<c>owner/repo</c>).</param>
/// <param name="Path">Its directory.</param>
/// <param name="Status">What the poll did.</param>
/// <param name="Head">The default branch's head as seen by this poll; <see langword="null"/> when unknown or the branch does not exist.</param>
/// <param name="Intake">For <see cref="LocalRepoPollStatus.Delivered"/>: the revisions requested, or why none were.</param>
/// <param name="Problem">For <see cref="LocalRepoPollStatus.Failed"/> and <see cref="LocalRepoPollStatus.BranchMissing"/>: what is wrong.</param>
public sealed record LocalRepoPoll(
    string Name,
    string Path,
    LocalRepoPollStatus Status,
    string? Head,
    IntakeOutcome? Intake = null,
    string? Problem = null);

/// <summary>What a poll did with one repository.</summary>
public enum LocalRepoPollStatus
{
    /// <summary>Seen for the first time (or with a new path or branch): its head was recorded, nothing deployed.</summary>
    FirstSeen,

    /// <summary>The head is the one seen last time.</summary>
    Unchanged,

    /// <summary>New commits: a push <c>last seen..head</c> went through intake, and the new head was recorded.</summary>
    Delivered,

    /// <summary>The default branch does not exist (yet, or any more); nothing deployed.</summary>
    BranchMissing,

    /// <summary>git, intake or the state file failed; logged, and tried again on the next poll.</summary>
    Failed,
}
