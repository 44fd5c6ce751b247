namespace Neptune.Plans;

/// <summary>What a terraform plan would do, counted the way <c>terraform plan</c> prints it.</summary>
/// <param name="Creations">Resources created or replaced.</param>
/// <param name="Updates">Resources updated in place.</param>
/// <param name="Deletions">Resources destroyed or replaced.</param>
public sealed record PlanSummary(int Creations, int Updates, int Deletions)
{
    /// <summary>A plan that changes nothing.</summary>
    public static PlanSummary NoChanges { get; } = new(0, 0, 0);

    /// <summary>Whether applying the plan would change any resource.</summary>
    public bool HasChanges => Creations + Updates + Deletions > 0;

    /// <summary>Terraform's own wording: <c>Plan: X to add, Y to change, Z to destroy.</c></summary>
    public string Text => HasChanges
        ? $"Plan: {Creations} to add, {Updates} to change, {Deletions} to destroy."
        : "No changes. Your infrastructure matches the configuration.";
}
