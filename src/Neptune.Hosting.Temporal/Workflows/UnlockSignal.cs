namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Argument of the <c>unlock</c> signal.</summary>
public sealed class UnlockSignal
{
    /// <summary>Who unlocked.</summary>
    public string? User { get; set; }
}
