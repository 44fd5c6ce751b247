namespace Neptune.CheckRuns;

/// <summary>A button on a check run (GitHub: at most 3, identifier at most 20 characters).</summary>
/// <param name="Label">Button text (at most 20 characters).</param>
/// <param name="Description">Tooltip (at most 40 characters).</param>
/// <param name="Identifier">Sent back in the <c>requested_action</c> webhook.</param>
public sealed record CheckRunButton(string Label, string Description, string Identifier)
{
    /// <summary>Identifier of <see cref="Unlock"/>.</summary>
    public const string UnlockId = "Unlock";

    /// <summary>Identifier of <see cref="Confirm"/>.</summary>
    public const string ConfirmId = "Confirm";

    /// <summary>Identifier of <see cref="Reject"/>.</summary>
    public const string RejectId = "Reject";

    /// <summary>Unlocks the merge lane of the target.</summary>
    public static CheckRunButton Unlock { get; } = new("Unlock", "Let merged revisions deploy again", UnlockId);

    /// <summary>Approves the plan for apply.</summary>
    public static CheckRunButton Confirm { get; } = new("Confirm", "Apply this plan", ConfirmId);

    /// <summary>Rejects the plan.</summary>
    public static CheckRunButton Reject { get; } = new("Reject", "Do not apply this plan", RejectId);
}
