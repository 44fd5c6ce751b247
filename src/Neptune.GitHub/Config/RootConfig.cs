using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.GitHub.Config;

/// <summary>One root (a <c>projects</c> entry) of a repository's config file.</summary>
public sealed class RootConfig
{
    private static readonly RepoRef ProbeRepo = new("probe", "probe");
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>Creates a root, validating every field.</summary>
    /// <param name="name">The root's name, unique within the repository; it becomes part of the target id.</param>
    /// <param name="dir">The Terraform working directory, relative to the repository's top; normalized (<c>./a/</c> → <c>a</c>, top → <c>.</c>).</param>
    /// <param name="whenModified">The <c>when_modified</c> patterns in order; <see langword="null"/> for <see cref="WhenModifiedMatcher.DefaultPatterns"/>.</param>
    /// <param name="terraformVersion">The Terraform version to run, when pinned.</param>
    /// <param name="workflow">The name of the workflow to run, when not the default.</param>
    /// <param name="tags">Tags such as <c>environment</c> and <c>project</c>.</param>
    /// <exception cref="ArgumentException">A field is invalid; the message says which and why.</exception>
    public RootConfig(
        string name,
        string dir,
        IReadOnlyList<string>? whenModified = null,
        string? terraformVersion = null,
        string? workflow = null,
        IReadOnlyDictionary<string, string>? tags = null)
    {
        Name = ValidateName(name);
        Matcher = new WhenModifiedMatcher(dir, whenModified);
        Dir = Matcher.RootDir;
        UsesDefaultWhenModified = whenModified is null;
        TerraformVersion = string.IsNullOrWhiteSpace(terraformVersion) ? null : terraformVersion;
        Workflow = string.IsNullOrWhiteSpace(workflow) ? null : workflow;
        Tags = tags is null ? NoTags : new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    /// <summary>The root's name.</summary>
    public string Name { get; }

    /// <summary>The normalized directory, relative to the repository's top (<c>.</c> for the top itself).</summary>
    public string Dir { get; }

    /// <summary>The effective <c>when_modified</c> patterns, in order (the defaults when none were given).</summary>
    public IReadOnlyList<string> WhenModified => Matcher.Patterns;

    /// <summary>Whether <see cref="WhenModified"/> are the defaults because the file gave none.</summary>
    public bool UsesDefaultWhenModified { get; }

    /// <summary>The pinned Terraform version, or <see langword="null"/>.</summary>
    public string? TerraformVersion { get; }

    /// <summary>The workflow name, or <see langword="null"/> for the default.</summary>
    public string? Workflow { get; }

    /// <summary>The root's tags (e.g. <c>environment</c>, <c>project</c>); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The compiled <c>when_modified</c> patterns.</summary>
    public WhenModifiedMatcher Matcher { get; }

    /// <summary>Whether a change to <paramref name="path"/> (repository-relative) modifies this root.</summary>
    public bool IsModifiedBy(string path) => Matcher.Matches(path);

    /// <summary>The deploy target of this root in <paramref name="repo"/>.</summary>
    public DeployTarget Target(RepoRef repo) => new(repo, Name);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Dir})";

    /// <summary>Checks a root name with the rules of <see cref="DeployTarget"/>.</summary>
    /// <exception cref="ArgumentException">The name is not usable as a root name.</exception>
    internal static string ValidateName(string? name)
    {
        try
        {
            return new DeployTarget(ProbeRepo, name!).Root;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter")[0], e);
        }
    }
}
