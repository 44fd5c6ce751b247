namespace Neptune.Git;

/// <summary>
/// Turns a root's directory from the repository's configuration into a directory of the checkout that
/// terraform may run in, refusing anything that could lead outside the checkout.
/// </summary>
public static class RootDirectory
{
    // Linux gives up after 40 links in one lookup; so do we, which also ends link cycles.
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>
    /// The real path (every symbolic link followed) of <paramref name="rootDir"/> inside <paramref name="checkout"/>.
    /// <c>.</c> or an empty string is the checkout itself.
    /// </summary>
    /// <param name="checkout">The directory the repository was fetched into.</param>
    /// <param name="rootDir">The root's directory relative to the repository, with <c>/</c> between parts (<c>\</c> too on Windows).</param>
    /// <exception cref="RootDirectoryException">
    /// <paramref name="rootDir"/> is absolute, has a <c>..</c> part, resolves (through links) to a place
    /// outside the checkout, or is not an existing directory.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="checkout"/> does not exist.</exception>
    public static string Resolve(string checkout, string rootDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkout);
        ArgumentNullException.ThrowIfNull(rootDir);

        if (Path.IsPathRooted(rootDir))
        {
            throw new RootDirectoryException(rootDir, $"The root directory '{rootDir}' is absolute; give it relative to the repository's top (e.g. 'infra/prod', or '.' for the top).");
        }

        var parts = rootDir.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

        // Refused even where it would stay inside ('a/../b'): behind a linked 'a', '..' is somewhere else.
        if (parts.Contains(".."))
        {
            throw new RootDirectoryException(rootDir, $"The root directory '{rootDir}' contains '..'; give a path inside the repository without '..'.");
        }

        var top = RealPath(Path.GetFullPath(checkout), rootDir);
        if (!Directory.Exists(top))
        {
            throw new DirectoryNotFoundException($"The checkout '{checkout}' does not exist.");
        }

        var resolved = Walk(top, parts, rootDir);
        if (!IsInside(resolved, top))
        {
            throw new RootDirectoryException(rootDir, $"The root directory '{rootDir}' leads outside the repository through a symbolic link (to '{resolved}'); roots must stay inside the checkout.");
        }

        if (!Directory.Exists(resolved))
        {
            throw new RootDirectoryException(rootDir, File.Exists(resolved)
                ? $"The root directory '{rootDir}' is a file in the repository, not a directory."
                : $"The root directory '{rootDir}' does not exist in the repository at this revision.");
        }

        return resolved;
    }

    /// <summary>The real path of the absolute <paramref name="path"/>, walked from its file-system root.</summary>
    private static string RealPath(string path, string rootDir)
    {
        var root = Path.GetPathRoot(path)!;
        return Walk(root, path[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries), rootDir);
    }

    /// <summary>
    /// Appends <paramref name="parts"/> to the real directory <paramref name="start"/> one at a time, replacing
    /// each symbolic link by its target as it is met, and resolving <c>..</c> physically, like realpath(3).
    /// A part that does not exist is appended as it is.
    /// </summary>
    private static string Walk(string start, IEnumerable<string> parts, string rootDir)
    {
        var pending = new LinkedList<string>(parts);
        var current = start;
        var links = 0;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Combine(current, part);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                current = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new RootDirectoryException(rootDir, $"The root directory '{rootDir}' goes through more than {MaxLinks} symbolic links (a cycle?).");
            }

            // The link's target replaces it: relative to the link's directory, or from the top if absolute.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            var targetParts = target.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            for (var i = targetParts.Length - 1; i >= 0; i--)
            {
                pending.AddFirst(targetParts[i]);
            }
        }

        return current;
    }

    private static bool IsInside(string path, string top)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmedTop = Path.TrimEndingDirectorySeparator(top);
        return string.Equals(Path.TrimEndingDirectorySeparator(path), trimmedTop, comparison)
            || path.StartsWith(trimmedTop + Path.DirectorySeparatorChar, comparison);
    }
}
