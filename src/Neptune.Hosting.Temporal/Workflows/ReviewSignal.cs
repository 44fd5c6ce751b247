using Neptune.Runs;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Argument of the <c>plan-review</c> signal.</summary>
public sealed class ReviewSignal
{
    /// <summary>Confirm or reject.</summary>
    public ReviewDecision Decision { get; set; }

    /// <summary>The reviewer's login.</summary>
    public string User { get; set; } = string.Empty;
}
