namespace Neptune.GitHub;

/// <summary>How Neptune reaches GitHub (<c>Neptune:GitHub</c>).</summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:GitHub";

    /// <summary>The default REST base URL.</summary>
    public const string DefaultApiUrl = "https://api.github.com/";

    /// <summary>REST base URL: GitHub, GitHub Enterprise (<c>https://host/api/v3/</c>) or a local fake.</summary>
    public string ApiUrl { get; set; } = DefaultApiUrl;

    /// <summary>A token for small setups and tests (used when no GitHub App is configured).</summary>
    public string? Token { get; set; }
}
