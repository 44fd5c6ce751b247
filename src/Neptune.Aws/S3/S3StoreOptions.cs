namespace Neptune.Aws.S3;

/// <summary>
/// Where the S3 stores keep latest deployments and job logs, bound from <c>Neptune:S3</c>
/// (for example <c>Neptune:S3:Bucket</c>). Works with AWS and with S3-compatible servers
/// (<see cref="ServiceUrl"/> plus <see cref="ForcePathStyle"/>).
/// </summary>
public sealed class S3StoreOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:S3";

    /// <summary>Default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>Default of <see cref="InitialRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultInitialRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The bucket both stores write to (<c>Neptune:S3:Bucket</c>); required.</summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// Key prefix of the latest-deployment records, <c>&lt;prefix&gt;/&lt;owner&gt;/&lt;repo&gt;/&lt;root&gt;/deployment.json</c>
    /// (<c>Neptune:S3:Prefix</c>); empty puts them at the bucket's top with no leading slash.
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>Key prefix of finished job logs, <c>&lt;prefix&gt;/&lt;jobId&gt;</c> (<c>Neptune:S3:JobLogPrefix</c>); unset means <see cref="Prefix"/>.</summary>
    public string? JobLogPrefix { get; set; }

    /// <summary>
    /// The endpoint of an S3-compatible server, for example <c>http://127.0.0.1:4568</c> (<c>Neptune:S3:ServiceUrl</c>);
    /// unset means AWS S3 in <see cref="Region"/>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The AWS region, for example <c>eu-west-1</c> (<c>Neptune:S3:Region</c>); unset means the SDK's default
    /// (<c>AWS_REGION</c>, the profile). With <see cref="ServiceUrl"/> it is the signing region.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>Addresses objects as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>; most S3-compatible servers need it (<c>Neptune:S3:ForcePathStyle</c>).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Attempts of each S3 call before its error is surfaced, the first included (<c>Neptune:S3:MaxAttempts</c>).</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>The wait after a first failed attempt; each later wait doubles (<c>Neptune:S3:InitialRetryDelay</c>).</summary>
    public TimeSpan InitialRetryDelay { get; set; } = DefaultInitialRetryDelay;

    /// <summary>The longest wait between two attempts (<c>Neptune:S3:MaxRetryDelay</c>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>The job log prefix in force: <see cref="JobLogPrefix"/>, or <see cref="Prefix"/> when unset.</summary>
    public string? EffectiveJobLogPrefix => JobLogPrefix ?? Prefix;
}
