namespace Neptune.Deploy;

/// <summary>What the <see cref="DeployDecider"/> made of one event.</summary>
/// <param name="Commands">What the host must do, in order.</param>
/// <param name="Rejection">Why the event was refused (the state is then unchanged), or <see langword="null"/>.</param>
public sealed record DeployDecision(IReadOnlyList<DeployCommand> Commands, string? Rejection)
{
    /// <summary>Whether the event was accepted.</summary>
    public bool Accepted => Rejection is null;
}
