namespace Neptune.GitHub.Roots;

/// <summary>
/// Repository-relative paths: <c>/</c>-separated, no leading <c>/</c>, no <c>.</c> or empty segments,
/// and <c>..</c> resolved lexically; <c>.</c> stands for the repository's top.
/// </summary>
internal static class RepoPath
{
    /// <summary>The repository's top directory.</summary>
    public const string Top = ".";

    /// <summary>
    /// Normalizes a repository-relative path: drops <c>./</c>, empty segments and trailing slashes and
    /// resolves <c>..</c> against the segment before it.
    /// </summary>
    /// <param name="path">The path as written.</param>
    /// <param name="what">What the path is, for the error message (e.g. <c>dir</c>).</param>
    /// <exception cref="ArgumentException">The path is empty, absolute, uses <c>\</c>, or reaches outside the repository.</exception>
    public static string Normalize(string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{what} must not be empty.");
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} '{path}' contains '\\'; separate directories with '/'.");
        }

        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            throw new ArgumentException($"{what} '{path}' is absolute; it must be relative to the repository's top.");
        }

        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count == 0)
                {
                    throw new ArgumentException($"{what} '{path}' reaches outside the repository.");
                }

                kept.RemoveAt(kept.Count - 1);
                continue;
            }

            if (segment.Any(char.IsControl))
            {
                throw new ArgumentException($"{what} '{path}' contains a control character.");
            }

            kept.Add(segment);
        }

        return kept.Count == 0 ? Top : string.Join('/', kept);
    }

    /// <summary>Joins a normalized directory and a path relative to it, then normalizes the result.</summary>
    /// <exception cref="ArgumentException">The result is invalid (see <see cref="Normalize"/>).</exception>
    public static string Combine(string dir, string relative, string what)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            throw new ArgumentException($"{what} must not be empty.");
        }

        if (relative[0] == '/')
        {
            throw new ArgumentException($"{what} '{relative}' is absolute; it must be relative to the root's dir (use '../' to reach outside it).");
        }

        var joined = dir == Top ? relative : dir + "/" + relative;
        try
        {
            return Normalize(joined, what);
        }
        catch (ArgumentException e) when (e.Message.Contains("reaches outside", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} '{relative}' relative to dir '{dir}' reaches outside the repository.", e);
        }
    }
}
