namespace Neptune.GitHub.Roots;

/// <summary>
/// The <c>when_modified</c> patterns of one root, compiled against the root's <c>dir</c>. Rules:
/// <list type="number">
/// <item><description>Each pattern is relative to the root's dir; <c>..</c> reaches outside it (e.g. <c>../modules/**</c>),
/// resolved lexically, and may not leave the repository. A leading <c>/</c> is an error.</description></item>
/// <item><description>A pattern starting with <c>!</c> excludes the files it matches.</description></item>
/// <item><description>Patterns are applied in order and the <b>last</b> pattern matching a file decides: a later pattern
/// overrides an earlier one, so <c>["!x.tf", "**/*.tf"]</c> still matches <c>x.tf</c>.</description></item>
/// <item><description>A file no pattern matches is not a modification of the root.</description></item>
/// <item><description>A pattern also matches every file below a directory it matches (<c>../modules</c> covers
/// <c>modules/vpc/main.tf</c>), as in atlantis.yaml.</description></item>
/// <item><description>Glob syntax: see <see cref="GlobPattern"/>.</description></item>
/// <item><description>No patterns given (<see langword="null"/>): <see cref="DefaultPatterns"/>. An explicit empty list
/// matches nothing: the root is deployed only on request.</description></item>
/// </list>
/// </summary>
public sealed class WhenModifiedMatcher
{
    private readonly (GlobPattern Glob, bool Exclude)[] _rules;

    /// <summary>Compiles the patterns of a root.</summary>
    /// <param name="rootDir">The root's dir, relative to the repository (<c>.</c> for the top).</param>
    /// <param name="patterns">The patterns in order; <see langword="null"/> for <see cref="DefaultPatterns"/>.</param>
    /// <exception cref="ArgumentException">The dir or a pattern is invalid; the message says which and why.</exception>
    public WhenModifiedMatcher(string rootDir, IEnumerable<string>? patterns)
    {
        RootDir = RepoPath.Normalize(rootDir, "dir");
        Patterns = [.. patterns ?? DefaultPatterns];
        _rules = [.. Patterns.Select(p => ParseRule(RootDir, p))];
    }

    /// <summary>The patterns used when a root gives none: <c>**/*.tf*</c> and <c>**/terragrunt.hcl</c>.</summary>
    public static IReadOnlyList<string> DefaultPatterns { get; } = ["**/*.tf*", "**/terragrunt.hcl"];

    /// <summary>The root's normalized dir.</summary>
    public string RootDir { get; }

    /// <summary>The patterns as written, in order.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Whether a change to <paramref name="path"/> (repository-relative) modifies the root.</summary>
    /// <exception cref="ArgumentException">The path is empty, absolute or reaches outside the repository.</exception>
    public bool Matches(string path)
    {
        var normalized = RepoPath.Normalize(path, "changed file");
        var matched = false;
        foreach (var (glob, exclude) in _rules)
        {
            if (glob.IsMatchOrAncestor(normalized))
            {
                matched = !exclude;
            }
        }

        return matched;
    }

    /// <summary>Checks one pattern against a normalized dir, returning the repository-relative glob.</summary>
    /// <exception cref="ArgumentException">The pattern is invalid; the message says why.</exception>
    internal static (GlobPattern Glob, bool Exclude) ParseRule(string normalizedDir, string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("a when_modified pattern must not be empty.");
        }

        var exclude = pattern[0] == '!';
        var body = exclude ? pattern[1..] : pattern;
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ArgumentException($"the when_modified pattern '{pattern}' excludes nothing: put a pattern after '!'.");
        }

        var combined = RepoPath.Combine(normalizedDir, body, "when_modified pattern");
        try
        {
            return (GlobPattern.Parse(combined), exclude);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"when_modified {e.Message}", e);
        }
    }
}
