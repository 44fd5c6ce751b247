using System.Text.RegularExpressions;

namespace Neptune.Logs;

/// <summary>Decides which lines a <see cref="JobLog"/> drops (see <see cref="JobLogOptions.RedactionPatterns"/>).</summary>
/// <remarks>
/// Regex instances are thread-safe, so the stdout and stderr pumps match in parallel, outside the log's lock.
/// </remarks>
internal sealed class LineRedactor
{
    // A pathological pattern must not stall terraform's output pump forever; a line that cannot be decided
    // in time is dropped, because letting a possible secret through is the worse failure.
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex[] _patterns;

    private LineRedactor(Regex[] patterns) => _patterns = patterns;

    /// <summary>Compiles <paramref name="patterns"/>; an invalid one is an <see cref="ArgumentException"/> that names it.</summary>
    public static LineRedactor Create(IEnumerable<string> patterns, string paramName)
    {
        var compiled = new List<Regex>();
        foreach (var pattern in patterns)
        {
            if (pattern is null)
            {
                throw new ArgumentException("A redaction pattern is null.", paramName);
            }

            try
            {
                compiled.Add(new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Redaction pattern '{pattern}' is not a valid regular expression: {e.Message}", paramName, e);
            }
        }

        return new LineRedactor([.. compiled]);
    }

    /// <summary>Whether <paramref name="line"/> matches a pattern (or could not be matched in time) and must be dropped.</summary>
    // Small enough to inline: without patterns, the writer pays one length check per line.
    public bool Drops(string line) => _patterns.Length != 0 && Matches(line);

    private bool Matches(string line)
    {
        foreach (var pattern in _patterns)
        {
            try
            {
                if (pattern.IsMatch(line))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
