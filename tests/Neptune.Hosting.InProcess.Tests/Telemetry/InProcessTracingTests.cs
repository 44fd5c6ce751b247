using System.Collections.Concurrent;
using System.Diagnostics;
using Neptune.Client;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess.Tests.Telemetry;

/// <summary>The host's spans: a revision request continues its caller's trace, and the plan and apply continue the revision's.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class InProcessTracingTests : IAsyncLifetime
{
    private const string CallerName = "Neptune.Tests.Caller";
    private static readonly ActivitySource Caller = new(CallerName);
    private readonly ConcurrentQueue<Activity> stopped = new();
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is NeptuneTelemetry.Name or CallerName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task Revision_plan_and_apply_spans_chain_under_the_requesting_span_and_a_failed_apply_is_an_error()
    {
        using var listener = Listen();
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, fail: "apply"));
        Guid id;
        ActivityContext caller;
        using (var request = Caller.StartActivity("request")!)
        {
            caller = request.Context;
            id = await h.AcceptAsync(h.Request(sha));
        }

        Assert.Equal(RunOutcome.TerraformFailed, (await h.FinishedAsync(id)).Result!.Outcome);
        var apply = await h.EventuallyAsync(
            () => stopped.FirstOrDefault(a => a.OperationName == NeptuneTelemetry.ApplySpan && Equals(a.GetTagItem(NeptuneTelemetry.DeploymentIdTag), id)),
            a => a is not null,
            "stopped the apply span");

        var revision = Assert.Single(stopped, a => a.OperationName == NeptuneTelemetry.RevisionSpan && Equals(a.GetTagItem(NeptuneTelemetry.DeploymentIdTag), id));
        Assert.Equal(caller.SpanId, revision.ParentSpanId);
        Assert.Equal(sha, revision.GetTagItem(NeptuneTelemetry.RevisionTag));
        var plan = Assert.Single(stopped, a => a.OperationName == NeptuneTelemetry.PlanSpan && Equals(a.GetTagItem(NeptuneTelemetry.DeploymentIdTag), id));
        Assert.Equal(revision.SpanId, plan.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, plan.Status);
        Assert.Equal(plan.SpanId, apply!.ParentSpanId);
        Assert.Equal(caller.TraceId, apply.TraceId);
        Assert.Equal(ActivityStatusCode.Error, apply.Status);
        Assert.Equal("TerraformFailed", apply.GetTagItem(NeptuneTelemetry.OutcomeTag));
        await h.EventuallyAsync(() => h.Neptune.Traces.Count, n => n == 0, "forgot the finished deployment's trace");
    }

    [Fact]
    public async Task Nothing_is_remembered_for_tracing_when_nobody_listens()
    {
        Assert.False(NeptuneTelemetry.ActivitySource.HasListeners());

        var id = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        Assert.Empty(h.Neptune.Traces);
        await h.FinishedAsync(id);

        // Traced, a deployment waiting for review is remembered (its apply continues the plan's span), then forgotten.
        using var listener = Listen();
        var traced = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1)), Trigger.Manual));
        await h.StageAsync(traced, DeploymentStage.AwaitingReview);
        Assert.True(h.Neptune.Traces.ContainsKey(traced));
        await h.Neptune.ReviewAsync(traced, ReviewDecision.Confirm, "dana");
        await h.FinishedAsync(traced);
        await h.EventuallyAsync(() => h.Neptune.Traces.Count, n => n == 0, "forgot the finished deployment's trace");
    }
}
