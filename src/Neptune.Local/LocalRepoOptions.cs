namespace Neptune.Local;

/// <summary>Local mode (<c>Neptune:Local</c>): the git repositories on this machine whose new commits Neptune deploys.</summary>
public sealed class LocalRepoOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:Local";

    /// <summary>The default of <see cref="PollInterval"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The default of <c>Neptune:DataDir</c>, where the state file lives unless <see cref="StateFile"/> says otherwise.</summary>
    public const string DefaultDataDir = "./.neptune";

    /// <summary>The file name of the state file under <c>Neptune:DataDir</c> when <see cref="StateFile"/> is not set.</summary>
    public const string DefaultStateFileName = "local-repos.json";

    /// <summary>The repositories to watch (<c>Neptune:Local:Repos:0:Path</c>, …); at least one.</summary>
    public IList<LocalRepo> Repos { get; } = [];

    /// <summary>How often every repository's default branch is checked for new commits (<c>Neptune:Local:PollInterval</c>).</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>
    /// Where the last seen head of every repository is kept (<c>Neptune:Local:StateFile</c>), so a restart neither
    /// loses nor repeats commits. Unset: <c>&lt;Neptune:DataDir&gt;/local-repos.json</c>.
    /// </summary>
    public string? StateFile { get; set; }
}

/// <summary>One watched repository (<c>Neptune:Local:Repos:N</c>).</summary>
public sealed class LocalRepo
{
    /// <summary>The default of <see cref="DefaultBranch"/>.</summary>
    public const string DefaultBranchName = "main";

    /// <summary>The owner part of a repository's default <see cref="Name"/>.</summary>
    public const string DefaultOwner = "local";

    /// <summary>
    /// The repository's directory (<c>Neptune:Local:Repos:N:Path</c>): a working copy (with <c>.git</c>) or a bare
    /// repository. Relative paths are relative to the working directory Neptune starts in.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>The branch whose new commits deploy (<c>Neptune:Local:Repos:N:DefaultBranch</c>).</summary>
    public string DefaultBranch { get; set; } = DefaultBranchName;

    /// <summary>
    /// The repository's identity in deploy targets, <c>owner/repo</c> (<c>Neptune:Local:Repos:N:Name</c>); targets are
    /// <c>owner/repo||root</c>. Unset: <c>local/&lt;folder name&gt;</c> (a trailing <c>.git</c> of a bare repository dropped).
    /// </summary>
    public string? Name { get; set; }

    /// <summary><see cref="Path"/> as an absolute path, without a trailing separator.</summary>
    public string FullPath => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path));

    /// <summary><see cref="Name"/>, or <c>local/&lt;folder name&gt;</c> when it is not set.</summary>
    public string EffectiveName
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(Name))
            {
                return Name.Trim();
            }

            var folder = System.IO.Path.GetFileName(FullPath);
            if (folder.EndsWith(".git", StringComparison.OrdinalIgnoreCase) && folder.Length > 4)
            {
                folder = folder[..^4];
            }

            return $"{DefaultOwner}/{folder}";
        }
    }
}
