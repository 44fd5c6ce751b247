namespace Neptune.Aws.Sns;

/// <summary>
/// The SNS audit sink's settings, bound from <c>Neptune:Audit</c> (for example <c>Neptune:Audit:SnsTopicArn</c>).
/// Credentials come from the AWS SDK's default chain (environment, profile, container or instance role).
/// </summary>
public sealed class SnsAuditOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:Audit";

    /// <summary>Default of <see cref="SnsMaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>Default of <see cref="SnsInitialRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultInitialRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="SnsMaxRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The topic apply audit events are published to, for example <c>arn:aws:sns:eu-west-1:123456789012:neptune-audit</c>
    /// (<c>Neptune:Audit:SnsTopicArn</c>); required. A FIFO topic (name ending in <c>.fifo</c>) also deduplicates on SNS's side.
    /// </summary>
    public string? SnsTopicArn { get; set; }

    /// <summary>The signing region (<c>Neptune:Audit:SnsRegion</c>); unset means the topic ARN's region.</summary>
    public string? SnsRegion { get; set; }

    /// <summary>
    /// The SNS endpoint (<c>Neptune:Audit:SnsServiceUrl</c>), for example a VPC endpoint or a local fake; unset means
    /// <c>https://sns.&lt;region&gt;.amazonaws.com/</c> (<c>.amazonaws.com.cn</c> in China regions).
    /// </summary>
    public string? SnsServiceUrl { get; set; }

    /// <summary>Attempts of one publish before the sink gives it back to the host's outbox, the first included (<c>Neptune:Audit:SnsMaxAttempts</c>).</summary>
    public int SnsMaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>The wait after a first failed publish; each later wait doubles (<c>Neptune:Audit:SnsInitialRetryDelay</c>).</summary>
    public TimeSpan SnsInitialRetryDelay { get; set; } = DefaultInitialRetryDelay;

    /// <summary>The longest wait between two publish attempts (<c>Neptune:Audit:SnsMaxRetryDelay</c>).</summary>
    public TimeSpan SnsMaxRetryDelay { get; set; } = DefaultMaxRetryDelay;
}
