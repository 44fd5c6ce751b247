namespace Neptune.Runs;

/// <summary>What a reviewer decided about a plan.</summary>
public enum ReviewDecision
{
    /// <summary>Apply the plan.</summary>
    Confirm,

    /// <summary>Do not apply it.</summary>
    Reject,
}
