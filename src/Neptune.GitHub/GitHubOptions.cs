namespace Neptune.GitHub;

/// <summary>How Neptune reaches GitHub (<c>Neptune:GitHub</c>).</summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:GitHub";

    /// <summary>The default REST base URL.</summary>
    public const string DefaultApiUrl = "https://api.github.com/";

    /// <summary>The default web UI base URL (check-run links).</summary>
    public const string DefaultWebUrl = "https://github.com/";

    /// <summary>The default dashboard base URL: the gateway on its default local address.</summary>
    public const string DefaultNeptuneBaseUrl = "http://127.0.0.1:5080/";

    /// <summary>The default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>The default of <see cref="RetryBaseDelay"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="RetryMaxDelay"/>: 1 minute.</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// REST base URL (<c>Neptune:GitHub:ApiUrl</c>): GitHub, GitHub Enterprise (<c>https://host/api/v3/</c>) or a local fake.
    /// A missing trailing slash is added, so no path segment is lost.
    /// </summary>
    public string ApiUrl { get; set; } = DefaultApiUrl;

    /// <summary>
    /// Base URL of GitHub's web UI (<c>Neptune:GitHub:WebUrl</c>), used for links to check runs in summaries.
    /// </summary>
    public string WebUrl { get; set; } = DefaultWebUrl;

    /// <summary>
    /// Base URL of Neptune's dashboard (<c>Neptune:GitHub:NeptuneBaseUrl</c>): job log links and the check run's
    /// <c>details_url</c> point there.
    /// </summary>
    public string NeptuneBaseUrl { get; set; } = DefaultNeptuneBaseUrl;

    /// <summary>
    /// A token for small setups and tests (<c>Neptune:GitHub:Token</c>), sent as a Bearer token on every call. Set
    /// either this or <see cref="AppId"/> with <see cref="PrivateKeyPath"/> (GitHub App auth), not both.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The GitHub App's id (<c>Neptune:GitHub:AppId</c>, shown on the App's settings page). With
    /// <see cref="PrivateKeyPath"/> it selects GitHub App auth: every call uses the installation token of the
    /// repository it is about.
    /// </summary>
    public long? AppId { get; set; }

    /// <summary>
    /// Path of the GitHub App's RSA private key, a PEM file as GitHub downloads it (<c>Neptune:GitHub:PrivateKeyPath</c>);
    /// relative paths are relative to the working directory. Needed with <see cref="AppId"/>.
    /// </summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Whether GitHub App auth is configured (<see cref="AppId"/> set) rather than <see cref="Token"/>.</summary>
    public bool UsesApp => AppId is not null;

    /// <summary>
    /// How many times one GitHub call is tried in all before its last error is thrown (<c>Neptune:GitHub:MaxAttempts</c>);
    /// 1 means no retry. Server errors (5xx), 429 and rate limits are retried.
    /// </summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>
    /// The first retry's delay (<c>Neptune:GitHub:RetryBaseDelay</c>); it doubles on each later retry, up to
    /// <see cref="RetryMaxDelay"/>. A <c>Retry-After</c> header from GitHub wins.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>The longest backoff between two attempts when GitHub gives no <c>Retry-After</c> (<c>Neptune:GitHub:RetryMaxDelay</c>).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = DefaultRetryMaxDelay;

    /// <summary>The parsed <see cref="ApiUrl"/>, always ending with <c>/</c>.</summary>
    /// <exception cref="UriFormatException">The URL is not absolute.</exception>
    public Uri ApiBaseUri() => AsBase(ApiUrl);

    /// <summary>The parsed <see cref="WebUrl"/>, always ending with <c>/</c>.</summary>
    /// <exception cref="UriFormatException">The URL is not absolute.</exception>
    public Uri WebBaseUri() => AsBase(WebUrl);

    /// <summary>The parsed <see cref="NeptuneBaseUrl"/>, always ending with <c>/</c>.</summary>
    /// <exception cref="UriFormatException">The URL is not absolute.</exception>
    public Uri NeptuneBaseUri() => AsBase(NeptuneBaseUrl);

    private static Uri AsBase(string url)
    {
        var uri = new Uri(url.Trim(), UriKind.Absolute);
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }
}
