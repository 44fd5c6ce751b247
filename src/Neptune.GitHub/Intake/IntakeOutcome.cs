using Neptune.Client;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>What intake made of one push or rerun: the requests delivered, or why none were.</summary>
/// <param name="Requests">Each revision request delivered to its target, with the host's receipt.</param>
/// <param name="Reason">Why nothing was delivered (no config file, a broken one, no root modified); <see langword="null"/> when something was.</param>
public sealed record IntakeOutcome(IReadOnlyList<(RevisionRequest Request, RevisionReceipt Receipt)> Requests, string? Reason)
{
    /// <summary>Nothing delivered, for the reason given.</summary>
    public static IntakeOutcome Nothing(string reason) => new([], reason);
}
