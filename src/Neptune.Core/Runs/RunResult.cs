namespace Neptune.Runs;

/// <summary>The final result of a run with a reason people can read.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">What happened, and what to do next where that helps.</param>
public sealed record RunResult(RunOutcome Outcome, string Message)
{
    /// <summary>Whether the deployment becomes the target's latest (see <see cref="RunOutcomes.PersistsAsLatest"/>).</summary>
    public bool PersistsAsLatest => RunOutcomes.PersistsAsLatest(Outcome);
}
