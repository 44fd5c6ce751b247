using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Neptune.Telemetry;

/// <summary>
/// Neptune's traces and metrics: the <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
/// named <see cref="Name"/>, and the names of its spans, instruments and tags (docs/observability.md lists them with
/// their units). Subscribe with OpenTelemetry's <c>AddSource("Neptune")</c> and <c>AddMeter("Neptune")</c>. With
/// nobody listening every instrument is disabled and <c>StartActivity</c> returns <see langword="null"/>, so callers
/// check <see cref="Instrument.Enabled"/> or the activity before building tags: instrumentation then costs nothing.
/// </summary>
public static class NeptuneTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>Neptune</c>.</summary>
    public const string Name = "Neptune";

    /// <summary>Span of one webhook delivery, from its arrival to the HTTP answer.</summary>
    public const string WebhookSpan = "neptune.webhook";

    /// <summary>Span of the intake of one accepted delivery (reading config, finding roots); child of <see cref="WebhookSpan"/>.</summary>
    public const string IntakeSpan = "neptune.intake";

    /// <summary>Span of a host accepting (or dropping) one revision request; child of whatever requested it.</summary>
    public const string RevisionSpan = "neptune.revision";

    /// <summary>Span of a deployment's plan job (the run), all attempts; child of <see cref="RevisionSpan"/> while the host remembers it.</summary>
    public const string PlanSpan = "neptune.plan";

    /// <summary>Span of a deployment's apply job, all attempts; child of the deployment's <see cref="PlanSpan"/>.</summary>
    public const string ApplySpan = "neptune.apply";

    /// <summary>Observable gauge: deployments waiting per target and queue (<c>{deployment}</c>).</summary>
    public const string QueueDepthInstrument = "neptune.queue.depth";

    /// <summary>Observable gauge: 1 when a target's merge queue is locked, else 0 (<c>{lock}</c>).</summary>
    public const string LockStateInstrument = "neptune.lock.state";

    /// <summary>Counter: finished deployments by target and outcome (<c>{deployment}</c>).</summary>
    public const string DeploymentsInstrument = "neptune.deployments";

    /// <summary>Histogram: how long plan jobs took, retries included (<c>s</c>).</summary>
    public const string PlanDurationInstrument = "neptune.plan.duration";

    /// <summary>Histogram: how long apply jobs took, retries included (<c>s</c>).</summary>
    public const string ApplyDurationInstrument = "neptune.apply.duration";

    /// <summary>Counter: webhook deliveries answered, by event and status code (<c>{delivery}</c>).</summary>
    public const string WebhooksInstrument = "neptune.webhooks";

    /// <summary>Counter: GitHub API calls retried after a transient failure, by operation (<c>{retry}</c>).</summary>
    public const string GitHubRetriesInstrument = "neptune.github.retries";

    /// <summary>Tag: the deploy target's id (<c>owner/repo||root</c>).</summary>
    public const string TargetTag = "neptune.target";

    /// <summary>Tag: which queue, <c>merge</c> or <c>manual</c>.</summary>
    public const string QueueTag = "neptune.queue";

    /// <summary>Tag: how a deployment or job ended (a <c>RunOutcome</c> name).</summary>
    public const string OutcomeTag = "neptune.outcome";

    /// <summary>Tag: the deployment's id.</summary>
    public const string DeploymentIdTag = "neptune.deployment.id";

    /// <summary>Tag: the plan or apply job's id.</summary>
    public const string JobIdTag = "neptune.job.id";

    /// <summary>Tag: the full commit id deployed.</summary>
    public const string RevisionTag = "neptune.revision";

    /// <summary>Tag: the GitHub event (<c>push</c>, <c>check_run</c>, ...; <c>other</c> for events Neptune does not handle).</summary>
    public const string EventTag = "github.event";

    /// <summary>Tag: the <c>X-GitHub-Delivery</c> id (spans only: unbounded).</summary>
    public const string DeliveryIdTag = "github.delivery.id";

    /// <summary>Tag: the HTTP status code a webhook was answered with.</summary>
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>Tag: the GitHub call retried, e.g. <c>create check run</c>.</summary>
    public const string OperationTag = "neptune.github.operation";

    private static readonly double[] JobSeconds = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>The source of Neptune's spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>
    /// The meter of Neptune's counters and histograms. Hosts publish their per-target gauges on a meter of the same
    /// name that lives as long as the host.
    /// </summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>Finished deployments (tags: <see cref="TargetTag"/>, <see cref="OutcomeTag"/>).</summary>
    public static Counter<long> Deployments { get; } =
        Meter.CreateCounter<long>(DeploymentsInstrument, "{deployment}", "Deployments finished, by target and outcome.");

    /// <summary>Plan job durations in seconds (tags: <see cref="TargetTag"/>, <see cref="OutcomeTag"/>).</summary>
    public static Histogram<double> PlanDuration { get; } = Meter.CreateHistogram<double>(
        PlanDurationInstrument, "s", "How long plan jobs took, retries included.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = JobSeconds });

    /// <summary>Apply job durations in seconds (tags: <see cref="TargetTag"/>, <see cref="OutcomeTag"/>).</summary>
    public static Histogram<double> ApplyDuration { get; } = Meter.CreateHistogram<double>(
        ApplyDurationInstrument, "s", "How long apply jobs took, retries included.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = JobSeconds });

    /// <summary>Webhook deliveries answered (tags: <see cref="EventTag"/>, <see cref="StatusCodeTag"/>).</summary>
    public static Counter<long> Webhooks { get; } =
        Meter.CreateCounter<long>(WebhooksInstrument, "{delivery}", "Webhook deliveries answered, by event and HTTP status code.");

    /// <summary>GitHub calls retried (tag: <see cref="OperationTag"/>).</summary>
    public static Counter<long> GitHubRetries { get; } =
        Meter.CreateCounter<long>(GitHubRetriesInstrument, "{retry}", "GitHub API calls retried after a transient failure.");
}
