namespace Neptune.Git;

/// <summary>How one git process ended. <paramref name="Stderr"/> has already been scrubbed of secrets.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Stdout">Everything git wrote to stdout.</param>
/// <param name="Stderr">Everything git wrote to stderr, secrets masked.</param>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    private const int MaxReasonLength = 2000;

    /// <summary>Whether git exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>What git said went wrong, short enough for an exception message.</summary>
    public string Reason
    {
        get
        {
            var text = Stderr.Trim();
            if (text.Length == 0)
            {
                return $"git exited with code {ExitCode} and printed nothing.";
            }

            // The end of stderr holds the fatal line; keep that when git was talkative.
            return text.Length <= MaxReasonLength ? text : "…" + text[^MaxReasonLength..];
        }
    }
}
