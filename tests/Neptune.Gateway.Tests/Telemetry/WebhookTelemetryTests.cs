using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Neptune.Gateway.Tests.Webhooks;
using Neptune.Model;
using Neptune.Telemetry;

namespace Neptune.Gateway.Tests.Telemetry;

/// <summary>
/// One push's trace through the gateway, the GitHub package and the real in-process host (stand-in terraform):
/// webhook → intake → revision → plan → apply, each span the parent of the next; and the webhook and GitHub retry counters.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class WebhookTelemetryTests
{
    [Fact]
    public async Task A_push_is_one_trace_from_the_webhook_through_intake_and_revision_to_plan_and_apply()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NeptuneTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var gateway = new GitHubGateway();

        var (deliveryId, id) = await PushFlow.MergeAsync(gateway);
        var applyJob = JobIds.Derive(id, 2).ToString();
        var apply = await StoppedAsync(stopped, a => a.OperationName == NeptuneTelemetry.ApplySpan && Tag(a, NeptuneTelemetry.JobIdTag) == applyJob);

        var spans = stopped.Where(a => a.TraceId == apply.TraceId).ToList();
        var webhook = Assert.Single(spans, a => a.OperationName == NeptuneTelemetry.WebhookSpan);
        Assert.Equal(deliveryId, Tag(webhook, NeptuneTelemetry.DeliveryIdTag));
        Assert.Equal("push", Tag(webhook, NeptuneTelemetry.EventTag));
        Assert.Equal("202", Tag(webhook, NeptuneTelemetry.StatusCodeTag));
        var intake = Assert.Single(spans, a => a.OperationName == NeptuneTelemetry.IntakeSpan);
        Assert.Equal(webhook.SpanId, intake.ParentSpanId);
        var revision = Assert.Single(spans, a => a.OperationName == NeptuneTelemetry.RevisionSpan);
        Assert.Equal(intake.SpanId, revision.ParentSpanId);
        Assert.Equal(id.ToString(), Tag(revision, NeptuneTelemetry.DeploymentIdTag));
        Assert.Equal(PushFlow.Prod.Id, Tag(revision, NeptuneTelemetry.TargetTag));
        var plan = Assert.Single(spans, a => a.OperationName == NeptuneTelemetry.PlanSpan);
        Assert.Equal(revision.SpanId, plan.ParentSpanId);
        Assert.Equal(JobIds.Derive(id, 1).ToString(), Tag(plan, NeptuneTelemetry.JobIdTag));
        Assert.Equal("Succeeded", Tag(plan, NeptuneTelemetry.OutcomeTag));
        Assert.Equal(plan.SpanId, apply.ParentSpanId);
        Assert.Equal("Succeeded", Tag(apply, NeptuneTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Unset, apply.Status);
    }

    [Fact]
    public async Task Webhook_outcomes_are_counted_by_event_and_status_and_GitHub_retries_by_operation()
    {
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == NeptuneTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        await using var gateway = new GitHubGateway();

        var unsigned = await gateway.SendAsync("push", WebhookPayloads.Push(new string('0', 40), new string('1', 40), ["x"]), secret: "wrong");
        Assert.Equal(401, (int)unsigned.StatusCode);
        Assert.Equal(200, (int)(await gateway.SendAsync("pull_request", new System.Text.Json.Nodes.JsonObject())).StatusCode);
        gateway.GitHub.FailCheckRunCalls(2, 502);
        await PushFlow.MergeAsync(gateway);

        long Count(string instrument, string key, object? value, string key2, object? value2) => measurements
            .Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(key), value) && Equals(m.Tags.GetValueOrDefault(key2), value2))
            .Sum(m => m.Value);
        Assert.Equal(1, Count(NeptuneTelemetry.WebhooksInstrument, NeptuneTelemetry.EventTag, "push", NeptuneTelemetry.StatusCodeTag, 401));
        Assert.Equal(1, Count(NeptuneTelemetry.WebhooksInstrument, NeptuneTelemetry.EventTag, "push", NeptuneTelemetry.StatusCodeTag, 202));
        Assert.Equal(1, Count(NeptuneTelemetry.WebhooksInstrument, NeptuneTelemetry.EventTag, "other", NeptuneTelemetry.StatusCodeTag, 200));
        Assert.Equal(3, measurements.Where(m => m.Instrument == NeptuneTelemetry.WebhooksInstrument).Sum(m => m.Value));

        var retries = measurements.Where(m => m.Instrument == NeptuneTelemetry.GitHubRetriesInstrument).ToList();
        Assert.Equal(2, retries.Sum(m => m.Value));
        Assert.All(retries, r => Assert.Equal("create check run", r.Tags[NeptuneTelemetry.OperationTag]));
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) switch
    {
        null => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };

    private static async Task<Activity> StoppedAsync(ConcurrentQueue<Activity> stopped, Func<Activity, bool> match)
    {
        // The span ends just after the job reports back, so it may stop a moment after the deployment shows finished.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (stopped.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The span never stopped: " + string.Join(", ", stopped.Select(a => a.OperationName)));
            await Task.Delay(10);
        }
    }
}
