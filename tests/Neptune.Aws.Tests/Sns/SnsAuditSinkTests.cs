using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.Audit;
using Neptune.Aws.Sns;
using Neptune.Aws.Tests.Support;

namespace Neptune.Aws.Tests.Sns;

/// <summary>The SNS audit sink against a local endpoint that captures its requests.</summary>
public sealed class SnsAuditSinkTests : IDisposable
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:neptune-audit";
    private const string Secret = "test-secret-key";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Start);
    private readonly SnsCaptureEndpoint endpoint;
    private readonly CapturingLogger<SnsAuditSink> logger = new();

    public SnsAuditSinkTests() => endpoint = new SnsCaptureEndpoint(time);

    public void Dispose() => endpoint.Dispose();

    private static AuditEvent Event(AuditState state = AuditState.Running) => new()
    {
        Id = Guid.Parse("5f0c7f1e-2a7b-4c9e-9d3f-1b2c3d4e5f60"),
        State = state,
        Revision = new string('a', 40),
        Repository = "acme/infra",
        PullNumber = 42,
        Environment = "production",
        InitiatingUser = "octocat",
        StartTime = Start,
        EndTime = state == AuditState.Running ? null : Start.AddMinutes(3),
        Project = "platform",
        RootName = "production",
        ApprovedBy = "dana",
        ApprovedTime = Start.AddMinutes(-1),
    };

    private SnsAuditSink Sink(string topicArn = TopicArn, int maxAttempts = 3, AWSCredentials? credentials = null) => new(
        Options.Create(new SnsAuditOptions
        {
            SnsTopicArn = topicArn,
            SnsServiceUrl = endpoint.Url,
            SnsMaxAttempts = maxAttempts,
            SnsInitialRetryDelay = TimeSpan.FromSeconds(1),
            SnsMaxRetryDelay = TimeSpan.FromSeconds(10),
        }),
        credentials ?? new BasicAWSCredentials("AKIDTEST", Secret),
        time,
        logger);

    /// <summary>Moves the fake clock a second at a time until <paramref name="task"/> ends (its retry waits are on that clock).</summary>
    private async Task RunWithClockAsync(Task task)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The publish never finished.");
            await Task.Delay(20);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        await task;
    }

    [Fact]
    public async Task Publish_sends_the_spec_message_as_a_signed_Publish_form()
    {
        using var sink = Sink();

        await sink.PublishAsync(Event(), CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(
            [
                new("Action", "Publish"),
                new("Version", "2010-03-31"),
                new("TopicArn", TopicArn),
                new("Message", AuditEventJson.Serialize(Event())),
                new("MessageAttributes.entry.1.Name", "idempotency_key"),
                new("MessageAttributes.entry.1.Value.DataType", "String"),
                new("MessageAttributes.entry.1.Value.StringValue", "5f0c7f1e-2a7b-4c9e-9d3f-1b2c3d4e5f60:RUNNING"),
            ],
            request.Form);
        Assert.Contains("\"pull_number\":42", request.Field("Message"), StringComparison.Ordinal);
        Assert.Equal(Event(), AuditEventJson.Deserialize(request.Field("Message")!));

        var auth = SigV4Reference.Parse(request.Headers["Authorization"]);
        Assert.Equal(("AKIDTEST", "20261125", "eu-west-1", "sns"), (auth.AccessKey, auth.Date, auth.Region, auth.Service));
        Assert.Equal(["content-type", "host", "x-amz-date"], auth.SignedHeaders);
        Assert.Equal("20261125T090000Z", request.Headers["X-Amz-Date"]);
        var (claimed, recomputed) = SigV4Reference.Verify(request.Method, request.Path, request.Query, request.Headers, request.Body, Secret);
        Assert.Equal(recomputed, claimed);
    }

    [Fact]
    public async Task A_tampered_body_or_another_secret_does_not_verify()
    {
        using var sink = Sink();
        await sink.PublishAsync(Event(), CancellationToken.None);
        var request = Assert.Single(endpoint.Requests);

        var tampered = request.Body.ToArray();
        tampered[^1] ^= 1;

        Assert.NotEqual(SigV4Reference.Verify(request.Method, request.Path, request.Query, request.Headers, tampered, Secret).Recomputed, SigV4Reference.Parse(request.Headers["Authorization"]).Signature);
        Assert.NotEqual(SigV4Reference.Verify(request.Method, request.Path, request.Query, request.Headers, request.Body, "other").Recomputed, SigV4Reference.Parse(request.Headers["Authorization"]).Signature);
    }

    [Fact]
    public async Task Temporary_credentials_send_and_sign_the_session_token()
    {
        using var sink = Sink(credentials: new SessionAWSCredentials("ASIATEST", Secret, "the-session"));

        await sink.PublishAsync(Event(), CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("the-session", request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("x-amz-security-token", SigV4Reference.Parse(request.Headers["Authorization"]).SignedHeaders);
        var (claimed, recomputed) = SigV4Reference.Verify(request.Method, request.Path, request.Query, request.Headers, request.Body, Secret);
        Assert.Equal(recomputed, claimed);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_on_the_injected_clock()
    {
        endpoint.Respond = n => n switch
        {
            1 => (HttpStatusCode.InternalServerError, SnsCaptureEndpoint.Error("Receiver", "InternalError", "try again")),
            2 => (HttpStatusCode.ServiceUnavailable, "unavailable"),
            _ => (HttpStatusCode.OK, SnsCaptureEndpoint.Success(n)),
        };
        using var sink = Sink(maxAttempts: 5);

        await RunWithClockAsync(sink.PublishAsync(Event(), CancellationToken.None));

        var requests = endpoint.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal(requests[0].Text, r.Text));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(1), "The first retry did not wait a second.");
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromSeconds(2), "The second retry did not wait twice as long.");
        Assert.Equal(2, logger.Count(LogLevel.Warning));
    }

    [Fact]
    public async Task A_publish_that_keeps_failing_throws_so_the_host_keeps_the_event_and_a_later_delivery_publishes_it()
    {
        endpoint.Respond = n => n <= 3
            ? (HttpStatusCode.InternalServerError, SnsCaptureEndpoint.Error("Receiver", "InternalError", "down"))
            : (HttpStatusCode.OK, SnsCaptureEndpoint.Success(n));
        using var sink = Sink(maxAttempts: 3);

        var e = await Assert.ThrowsAsync<SnsPublishException>(() => RunWithClockAsync(sink.PublishAsync(Event(), CancellationToken.None)));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal("InternalError", e.ErrorCode);
        Assert.Equal(3, endpoint.Requests.Count);

        await sink.PublishAsync(Event(), CancellationToken.None);

        Assert.Equal(4, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_that_needs_a_fix_is_thrown_at_once_with_what_SNS_said()
    {
        endpoint.Respond = _ => (HttpStatusCode.Forbidden, SnsCaptureEndpoint.Error("Sender", "AuthorizationError", "User is not authorized to perform: SNS:Publish"));
        using var sink = Sink(maxAttempts: 5);

        var e = await Assert.ThrowsAsync<SnsPublishException>(() => sink.PublishAsync(Event(), CancellationToken.None));

        Assert.Single(endpoint.Requests);
        Assert.Equal("AuthorizationError", e.ErrorCode);
        Assert.Contains("SNS:Publish", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_transition_is_published_once_even_when_delivered_again()
    {
        using var sink = Sink();

        await sink.PublishAsync(Event(AuditState.Running), CancellationToken.None);
        await sink.PublishAsync(Event(AuditState.Running), CancellationToken.None);
        await sink.PublishAsync(Event(AuditState.Success), CancellationToken.None);
        await sink.PublishAsync(Event(AuditState.Success), CancellationToken.None);

        Assert.Equal(
            ["5f0c7f1e-2a7b-4c9e-9d3f-1b2c3d4e5f60:RUNNING", "5f0c7f1e-2a7b-4c9e-9d3f-1b2c3d4e5f60:SUCCESS"],
            endpoint.Requests.Select(r => r.Field("MessageAttributes.entry.1.Value.StringValue")));
    }

    [Fact]
    public async Task A_FIFO_topic_gets_the_idempotency_key_as_deduplication_id_and_the_root_as_group()
    {
        using var sink = Sink(topicArn: "arn:aws:sns:eu-west-1:123456789012:neptune-audit.fifo");

        await sink.PublishAsync(Event(), CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("5f0c7f1e-2a7b-4c9e-9d3f-1b2c3d4e5f60:RUNNING", request.Field("MessageDeduplicationId"));
        Assert.Equal("acme/infra/production", request.Field("MessageGroupId"));
    }

    [Fact]
    public void The_default_endpoint_is_the_topic_regions()
    {
        Assert.Equal(new Uri("https://sns.eu-west-1.amazonaws.com/"), SnsTopic.TryParse(TopicArn)!.DefaultEndpoint("eu-west-1"));
        Assert.Equal(new Uri("https://sns.cn-north-1.amazonaws.com.cn/"), SnsTopic.TryParse("arn:aws-cn:sns:cn-north-1:123456789012:t")!.DefaultEndpoint("cn-north-1"));
    }
}
