namespace Neptune.Runs;

/// <summary>What the <see cref="RunDecider"/> made of one event.</summary>
/// <param name="State">The state after the event (the state before, unchanged, when rejected).</param>
/// <param name="Commands">What the host must do, in order.</param>
/// <param name="Rejection">Why the event was refused, or <see langword="null"/> when it was accepted.</param>
public sealed record RunDecision(RunState? State, IReadOnlyList<RunCommand> Commands, string? Rejection)
{
    /// <summary>Whether the event was accepted.</summary>
    public bool Accepted => Rejection is null;
}
