namespace Neptune.Git;

/// <summary>How Neptune runs the git CLI and where it finds repositories; bound from <see cref="SectionName"/>.</summary>
public sealed class GitOptions
{
    /// <summary>The configuration section: <c>Neptune:Git</c>.</summary>
    public const string SectionName = "Neptune:Git";

    /// <summary>The default executable: <c>git</c>, looked up on <c>PATH</c>.</summary>
    public const string DefaultPath = "git";

    /// <summary>The default clone URL template: GitHub over https.</summary>
    public const string DefaultCloneUrl = "https://github.com/" + OwnerPlaceholder + "/" + RepoPlaceholder + ".git";

    /// <summary>The placeholder of <see cref="CloneUrl"/> replaced by the repository owner.</summary>
    public const string OwnerPlaceholder = "{owner}";

    /// <summary>The placeholder of <see cref="CloneUrl"/> replaced by the repository name.</summary>
    public const string RepoPlaceholder = "{repo}";

    /// <summary>The default of <see cref="Timeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The git executable: a name looked up on <c>PATH</c> or a full path (<c>Neptune:Git:Path</c>).
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// Where a repository is fetched from (<c>Neptune:Git:CloneUrl</c>), with <c>{owner}</c> and <c>{repo}</c>
    /// replaced by the repository's parts. An <c>https://</c> URL (the default, GitHub) is a remote that
    /// <see cref="Token"/> authenticates to; a <c>file://</c> URL or an absolute path
    /// (<c>/srv/repos/{owner}/{repo}.git</c>) is a local repository, which <see cref="LocalCommitComparer"/>
    /// can also compare revisions in. <c>http://</c>, <c>ssh://</c> and <c>user@host:path</c> remotes work
    /// too, without the token.
    /// </summary>
    public string CloneUrl { get; set; } = DefaultCloneUrl;

    /// <summary>
    /// Per-repository URLs that win over <see cref="CloneUrl"/>, keyed by <c>owner/repo</c>
    /// (<c>Neptune:Git:Repositories:owner/repo</c>). Same forms as <see cref="CloneUrl"/>; placeholders are allowed but not needed.
    /// Keys are matched ignoring case, as GitHub does.
    /// </summary>
    public IDictionary<string, string> Repositories { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A GitHub token (e.g. an installation access token) for <c>https://</c> URLs (<c>Neptune:Git:Token</c>).
    /// It reaches git only through environment configuration, never through arguments, and is scrubbed
    /// from every message. Unset: fetch anonymously. Never sent to <c>http://</c> or any other kind of URL.
    /// This is what the default <see cref="ConfiguredGitTokenSource"/> gives; with GitHub App auth the
    /// repository's installation token is used instead.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// How long one fetch or compare may take in all before it is stopped and fails (<c>Neptune:Git:Timeout</c>).
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;
}
