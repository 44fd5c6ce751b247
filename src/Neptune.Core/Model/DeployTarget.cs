namespace Neptune.Model;

/// <summary>
/// What one deploy coordinator owns: one root of one repository. Its <see cref="Id"/> is
/// <c>owner/repo||root</c>, the id of the coordinator (a workflow id on Temporal).
/// </summary>
public sealed record DeployTarget
{
    /// <summary>Separates the repository from the root in <see cref="Id"/>.</summary>
    public const string Separator = "||";

    /// <summary>Creates a target.</summary>
    /// <exception cref="ArgumentException">The root name is empty, too long or contains <c>||</c> or a path separator.</exception>
    public DeployTarget(RepoRef repo, string root)
    {
        ArgumentNullException.ThrowIfNull(repo);
        Repo = repo;
        Root = Names.RequireRootName(root, nameof(root));
        Id = repo.FullName + Separator + Root;
    }

    /// <summary>The repository.</summary>
    public RepoRef Repo { get; }

    /// <summary>The root's name from the repository's config file.</summary>
    public string Root { get; }

    /// <summary>The identity string, <c>owner/repo||root</c>.</summary>
    public string Id { get; }

    /// <summary>Parses an identity string of the form <c>owner/repo||root</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a valid target id; the message says which part is wrong.</exception>
    public static DeployTarget Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        // Ids come from webhooks and URLs: never echo a huge one whole into an exception message (and logs).
        var shown = id.Length > 120 ? id[..40] + "…" : id;
        var split = id.IndexOf(Separator, StringComparison.Ordinal);
        if (split < 0)
        {
            throw new ArgumentException($"'{shown}' is not a target id: expected 'owner/repo{Separator}root'.", nameof(id));
        }

        RepoRef repo;
        try
        {
            repo = RepoRef.Parse(id[..split]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{shown}' is not a target id: {e.Message.Split(" (Parameter")[0]}", nameof(id), e);
        }

        try
        {
            return new DeployTarget(repo, id[(split + Separator.Length)..]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{shown}' is not a target id: {e.Message.Split(" (Parameter")[0]}", nameof(id), e);
        }
    }

    /// <summary>Parses an identity string, returning <see langword="false"/> instead of throwing.</summary>
    public static bool TryParse(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeployTarget? target)
    {
        target = null;
        if (id is null)
        {
            return false;
        }

        try
        {
            target = Parse(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
