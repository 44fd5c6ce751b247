namespace Neptune.GitHub.Config;

/// <summary>A repository's config file (<c>neptune.yaml</c> or <c>atlantis.yaml</c>), read by <see cref="RepoConfigReader"/>.</summary>
public sealed class RepoConfig
{
    /// <summary>The only supported <c>version</c>, the atlantis.yaml version, so files migrate unchanged.</summary>
    public const int SupportedVersion = 3;

    /// <summary>Creates a config.</summary>
    /// <param name="fileName">The file it was read from.</param>
    /// <param name="roots">The roots in file order.</param>
    /// <exception cref="ArgumentException">Two roots share a name (compared ignoring case).</exception>
    public RepoConfig(string fileName, IEnumerable<RootConfig> roots)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(roots);
        FileName = fileName;
        Roots = [.. roots];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var root in Roots)
        {
            if (!seen.Add(root.Name))
            {
                throw new ArgumentException($"Two roots are named '{root.Name}'; names must be unique.", nameof(roots));
            }
        }
    }

    /// <summary>The file the config was read from.</summary>
    public string FileName { get; }

    /// <summary>The config version (always <see cref="SupportedVersion"/>).</summary>
    public int Version => SupportedVersion;

    /// <summary>The roots, in file order.</summary>
    public IReadOnlyList<RootConfig> Roots { get; }

    /// <summary>The root named <paramref name="name"/> (exact match), or <see langword="null"/>.</summary>
    public RootConfig? FindRoot(string name) => Roots.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}
