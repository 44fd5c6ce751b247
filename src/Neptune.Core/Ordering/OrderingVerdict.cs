using Neptune.Runs;

namespace Neptune.Ordering;

/// <summary>What the ordering rules decided about a revision.</summary>
public enum OrderingVerdictKind
{
    /// <summary>Run it, with the approval in <see cref="OrderingVerdict.Approval"/>.</summary>
    Run,

    /// <summary>It is behind the deployed revision: never deployed.</summary>
    RejectBehind,

    /// <summary>A rerun that is not of the latest deployment.</summary>
    RejectInvalidRerun,
}

/// <summary>The verdict of <see cref="RevisionOrdering.Decide"/>.</summary>
/// <param name="Kind">Run or reject.</param>
/// <param name="Approval">For <see cref="OrderingVerdictKind.Run"/>: auto or manual with the reason.</param>
/// <param name="Message">For rejections: what the check run says.</param>
public sealed record OrderingVerdict(OrderingVerdictKind Kind, PlanApproval? Approval, string? Message)
{
    /// <summary>Whether the revision runs.</summary>
    public bool Runs => Kind == OrderingVerdictKind.Run;
}
