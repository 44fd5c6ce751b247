namespace Neptune.GitHub.Webhooks;

/// <summary>Which repositories Neptune acts for: <c>owner/repo</c> entries and <c>owner/*</c> wildcards, ignoring case.</summary>
public sealed class RepoAllowlist
{
    private readonly HashSet<string> _repos = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _owners = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the list from its patterns.</summary>
    /// <exception cref="ArgumentException">A pattern is neither <c>owner/repo</c> nor <c>owner/*</c>.</exception>
    public RepoAllowlist(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            if (!IsValidPattern(pattern))
            {
                throw new ArgumentException($"'{pattern}' is not 'owner/repo' or 'owner/*'.", nameof(patterns));
            }

            var (owner, repo) = Split(pattern.Trim());
            _ = repo == "*" ? _owners.Add(owner) : _repos.Add(owner + "/" + repo);
        }
    }

    /// <summary>Whether a pattern is <c>owner/repo</c> or <c>owner/*</c>.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var (owner, repo) = Split(pattern.Trim());
        return owner.Length > 0 && repo.Length > 0 && !owner.Contains('*', StringComparison.Ordinal)
            && (repo == "*" || !repo.Contains('*', StringComparison.Ordinal)) && !repo.Contains('/', StringComparison.Ordinal)
            && !owner.Any(char.IsWhiteSpace) && !repo.Any(char.IsWhiteSpace);
    }

    /// <summary>Whether the repository <c>owner/repo</c> is allowed.</summary>
    public bool Allows(string? fullName)
    {
        if (string.IsNullOrEmpty(fullName))
        {
            return false;
        }

        var (owner, _) = Split(fullName);
        return _repos.Contains(fullName) || _owners.Contains(owner);
    }

    private static (string Owner, string Repo) Split(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (pattern, string.Empty) : (pattern[..slash], pattern[(slash + 1)..]);
    }
}
