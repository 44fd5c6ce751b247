namespace Neptune.Model;

/// <summary>A GitHub repository, <c>owner/name</c>.</summary>
public sealed record RepoRef
{
    /// <summary>Creates a repository reference, validating both parts.</summary>
    /// <param name="owner">The user or organisation that owns the repository.</param>
    /// <param name="name">The repository name.</param>
    /// <exception cref="ArgumentException">A part is empty, too long, or holds characters GitHub does not allow.</exception>
    public RepoRef(string owner, string name)
    {
        Owner = Names.RequireSegment(owner, nameof(owner), "repository owner");
        Name = Names.RequireSegment(name, nameof(name), "repository name");
    }

    /// <summary>The user or organisation that owns the repository.</summary>
    public string Owner { get; }

    /// <summary>The repository name.</summary>
    public string Name { get; }

    /// <summary>The <c>owner/name</c> form GitHub uses.</summary>
    public string FullName => $"{Owner}/{Name}";

    /// <summary>Parses <c>owner/name</c>.</summary>
    /// <exception cref="ArgumentException">The text is not of the form <c>owner/name</c>.</exception>
    public static RepoRef Parse(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var slash = fullName.IndexOf('/');
        if (slash <= 0 || slash != fullName.LastIndexOf('/') || slash == fullName.Length - 1)
        {
            throw new ArgumentException($"'{fullName}' is not a repository name of the form 'owner/name'.", nameof(fullName));
        }

        return new RepoRef(fullName[..slash], fullName[(slash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
