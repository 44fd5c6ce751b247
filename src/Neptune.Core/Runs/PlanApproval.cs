namespace Neptune.Runs;

/// <summary>How a plan gets approved: automatically, or by a person pressing Confirm.</summary>
/// <param name="Kind">Auto or manual.</param>
/// <param name="Reason">Why a person must review it (shown on the check run); empty for auto.</param>
public sealed record PlanApproval(ApprovalKind Kind, string Reason)
{
    /// <summary>Approved without review.</summary>
    public static PlanApproval Auto { get; } = new(ApprovalKind.Auto, string.Empty);

    /// <summary>A review by a person with the given reason.</summary>
    public static PlanApproval Manual(string reason) => new(ApprovalKind.Manual, reason);
}

/// <summary>Auto or manual approval.</summary>
public enum ApprovalKind
{
    /// <summary>No review needed.</summary>
    Auto,

    /// <summary>A person must confirm.</summary>
    Manual,
}
