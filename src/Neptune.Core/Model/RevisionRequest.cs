namespace Neptune.Model;

/// <summary>
/// A request to deploy one revision of one root. Created by intake (push, rerun, dashboard) and handed
/// to the target's coordinator, which accepts it as a <see cref="Deployment"/>.
/// </summary>
public sealed record RevisionRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>Creates a request, validating every field.</summary>
    /// <param name="target">The repository and root to deploy.</param>
    /// <param name="revision">The full commit id.</param>
    /// <param name="branch">The branch the revision came from.</param>
    /// <param name="trigger">Merge (push to the default branch) or manual.</param>
    /// <param name="initiatingUser">The GitHub login of whoever caused the request.</param>
    /// <param name="defaultBranch">The repository's default branch; defaults to <paramref name="branch"/> for merges.</param>
    /// <param name="rerun">A manual rerun of the latest deployment (only valid for manual triggers).</param>
    /// <param name="force">A manual forced apply (only valid for manual triggers).</param>
    /// <param name="tags">The root's tags from the repo config (e.g. <c>environment</c>, <c>project</c>).</param>
    /// <param name="pullNumber">The pull request that merged the revision, when known.</param>
    /// <param name="rootDir">The root's directory, relative to the repository (from the repo config); <c>.</c> for the top.</param>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public RevisionRequest(
        DeployTarget target,
        string revision,
        string branch,
        Trigger trigger,
        string initiatingUser,
        string? defaultBranch = null,
        bool rerun = false,
        bool force = false,
        IReadOnlyDictionary<string, string>? tags = null,
        int? pullNumber = null,
        string rootDir = ".")
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(branch))
        {
            throw new ArgumentException("The branch must not be empty.", nameof(branch));
        }

        if (string.IsNullOrWhiteSpace(initiatingUser))
        {
            throw new ArgumentException("The initiating user must not be empty.", nameof(initiatingUser));
        }

        if (!Enum.IsDefined(trigger))
        {
            throw new ArgumentException($"Unknown trigger {(int)trigger}.", nameof(trigger));
        }

        if (trigger == Trigger.Merge && (rerun || force))
        {
            throw new ArgumentException("Rerun and force are flags of manual requests; a merge request cannot carry them.", rerun ? nameof(rerun) : nameof(force));
        }

        if (pullNumber is <= 0)
        {
            throw new ArgumentException($"Pull request number {pullNumber} is not positive.", nameof(pullNumber));
        }

        Target = target;
        Revision = Model.Revision.Normalize(revision, nameof(revision));
        Branch = branch;
        DefaultBranch = string.IsNullOrWhiteSpace(defaultBranch) ? branch : defaultBranch;
        if (string.IsNullOrWhiteSpace(rootDir))
        {
            throw new ArgumentException("The root directory must not be empty; use '.' for the repository's top.", nameof(rootDir));
        }

        Trigger = trigger;
        RootDir = rootDir;
        InitiatingUser = initiatingUser;
        Rerun = rerun;
        Force = force;
        Tags = tags ?? NoTags;
        PullNumber = pullNumber;
    }

    /// <summary>The repository and root.</summary>
    public DeployTarget Target { get; }

    /// <summary>The full, lower-case commit id.</summary>
    public string Revision { get; }

    /// <summary>The branch the revision came from.</summary>
    public string Branch { get; }

    /// <summary>The repository's default branch.</summary>
    public string DefaultBranch { get; }

    /// <summary>Merge or manual.</summary>
    public Trigger Trigger { get; }

    /// <summary>Who caused the request.</summary>
    public string InitiatingUser { get; }

    /// <summary>A manual rerun of the latest deployment.</summary>
    public bool Rerun { get; }

    /// <summary>A manual forced apply.</summary>
    public bool Force { get; }

    /// <summary>The root's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The pull request that merged the revision, when known.</summary>
    public int? PullNumber { get; }

    /// <summary>The root's directory relative to the repository. Workers resolve it inside the checkout and refuse one that escapes it.</summary>
    public string RootDir { get; }

    /// <summary>Whether the revision came from the repository's default branch.</summary>
    public bool IsFromDefaultBranch => string.Equals(Branch, DefaultBranch, StringComparison.Ordinal);

    /// <summary>The value of a tag, or <see langword="null"/>.</summary>
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;
}
