using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Audit;
using Neptune.Aws.Retries;
using Neptune.Ports;

namespace Neptune.Aws.Sns;

/// <summary>
/// Publishes apply audit events (spec §8) to an SNS topic, the message being the spec's JSON. Each transition
/// (<see cref="AuditEvent.IdempotencyKey"/>) is published once per process; a failed publish is retried with backoff
/// and then thrown, never dropped, so the host's journal keeps the event and delivers it again, after a restart too.
/// The key also travels as the <c>idempotency_key</c> message attribute and, on FIFO topics, as the deduplication id.
/// </summary>
public sealed class SnsAuditSink : IAuditSink, IDisposable
{
    private const int RememberedKeys = 4096;
    private readonly SnsTopic topic;
    private readonly SnsPublishClient client;
    private readonly HttpClient http;
    private readonly RetrySettings retry;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> published = new(StringComparer.Ordinal);
    private readonly Queue<string> publishedOrder = new();
    private AWSCredentials? resolved;

    /// <summary>Creates a sink for the topic of <paramref name="options"/>.</summary>
    /// <param name="options">Topic, endpoint and retry settings.</param>
    /// <param name="credentials">Credentials to sign with; <see langword="null"/> resolves the SDK's default chain on first publish.</param>
    /// <param name="time">Clock of signatures and retry waits; <see langword="null"/> means the system clock.</param>
    /// <param name="logger">Where retried failures are logged.</param>
    /// <param name="handler">The HTTP handler to send through; <see langword="null"/> means a pooled default.</param>
    public SnsAuditSink(IOptions<SnsAuditOptions> options, AWSCredentials? credentials = null, TimeProvider? time = null, ILogger<SnsAuditSink>? logger = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        topic = SnsTopic.TryParse(o.SnsTopicArn) ?? throw new ArgumentException($"Neptune:Audit:SnsTopicArn '{o.SnsTopicArn}' is not an SNS topic ARN.", nameof(options));
        var region = string.IsNullOrWhiteSpace(o.SnsRegion) ? topic.Region : o.SnsRegion;
        var endpoint = string.IsNullOrWhiteSpace(o.SnsServiceUrl) ? topic.DefaultEndpoint(region) : new Uri(o.SnsServiceUrl);
        resolved = credentials;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<SnsAuditSink>.Instance;
        retry = new RetrySettings(Math.Max(1, o.SnsMaxAttempts), o.SnsInitialRetryDelay, o.SnsMaxRetryDelay);
        http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) }
            : new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        client = new SnsPublishClient(http, endpoint, region, ResolveCredentialsAsync, this.time);
    }

    /// <inheritdoc />
    /// <exception cref="SnsPublishException">SNS kept refusing the event (after retries for transient errors).</exception>
    /// <exception cref="HttpRequestException">SNS stayed unreachable.</exception>
    public async Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var key = auditEvent.IdempotencyKey;

        // One publish at a time keeps a deployment's RUNNING before its SUCCESS and makes the key check exact.
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (published.Contains(key))
            {
                logger.LogDebug("Audit event {Key} was already published; not publishing it again.", key);
                return;
            }

            var form = SnsPublishClient.Form(topic, AuditEventJson.Serialize(auditEvent), key, $"{auditEvent.Repository}/{auditEvent.RootName}");
            var messageId = await Backoff.RunAsync(
                ct => client.PublishAsync(form, ct),
                IsTransient,
                retry,
                time,
                logger,
                $"Publishing audit event {key} to {topic.Arn}",
                cancellationToken).ConfigureAwait(false);
            Remember(key);
            logger.LogInformation("Published audit event {Key} to {Topic} as message {MessageId}.", key, topic.Arn, messageId);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        http.Dispose();
        gate.Dispose();
    }

    private static bool IsTransient(Exception e) => e switch
    {
        SnsPublishException sns => sns.IsTransient,
        HttpRequestException or TaskCanceledException or IOException => true,
        _ => false,
    };

    private void Remember(string key)
    {
        published.Add(key);
        publishedOrder.Enqueue(key);
        if (publishedOrder.Count > RememberedKeys)
        {
            published.Remove(publishedOrder.Dequeue());
        }
    }

    private async Task<ImmutableCredentials> ResolveCredentialsAsync()
    {
        resolved ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
        return await resolved.GetCredentialsAsync().ConfigureAwait(false);
    }
}
