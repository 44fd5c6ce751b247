namespace Neptune.Runs;

/// <summary>Where the review gate of a run stands.</summary>
public enum ReviewStatus
{
    /// <summary>The plan has not reached the gate yet.</summary>
    NotReached,

    /// <summary>Approved without review (auto approval or a plan with no changes).</summary>
    AutoApproved,

    /// <summary>Waiting for Confirm or Reject.</summary>
    Pending,

    /// <summary>A person confirmed.</summary>
    Confirmed,

    /// <summary>A person rejected.</summary>
    Rejected,

    /// <summary>Nobody answered in time.</summary>
    TimedOut,
}
