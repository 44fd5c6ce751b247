using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess.Tests.Telemetry;

/// <summary>The host's instruments, read with a <see cref="MeterListener"/> while the real host deploys with the stand-in.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class InProcessMetricsTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Recorded> recorded = new();
    private readonly MeterListener listener = new();
    private NeptuneHarness h = null!;

    public async Task InitializeAsync()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NeptuneTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => recorded.Enqueue(new Recorded(i, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => recorded.Enqueue(new Recorded(i, v, Tags(tags))));
        listener.Start();
        h = await NeptuneHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        listener.Dispose();
    }

    private static string Target => NeptuneHarness.Target().Id;

    [Fact]
    public async Task Queue_depth_and_lock_gauges_follow_the_target_and_finished_deployments_and_job_durations_are_recorded()
    {
        var manual = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "hotfix");
        var first = await h.FinishedAsync(await h.AcceptAsync(h.Request(manual, Trigger.Manual)));
        Assert.Equal(RunOutcome.Succeeded, first.Result!.Outcome);
        var merge = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "merged")));
        Assert.True((await h.Neptune.GetTargetAsync(NeptuneHarness.Target())).Lock.IsLocked); // the manual deploy locked merges

        var held = Observe();
        Assert.Equal(1, held.Single(m => m.Name == NeptuneTelemetry.QueueDepthInstrument && m.Tags[NeptuneTelemetry.QueueTag] == "merge").Value);
        Assert.Equal(0, held.Single(m => m.Name == NeptuneTelemetry.QueueDepthInstrument && m.Tags[NeptuneTelemetry.QueueTag] == "manual").Value);
        Assert.Equal(1, held.Single(m => m.Name == NeptuneTelemetry.LockStateInstrument).Value);

        await h.Neptune.UnlockAsync(NeptuneHarness.Target(), "dana");
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(merge)).Result!.Outcome);
        var drained = await h.EventuallyAsync(Observe, o => o.Any(m => m.Name == NeptuneTelemetry.QueueDepthInstrument), "observed the gauges");
        Assert.All(drained, m => Assert.Equal(0, m.Value));
        Assert.Contains(drained, m => m.Name == NeptuneTelemetry.LockStateInstrument);

        // Counted once each, after the commit that finished them.
        var deployments = await h.EventuallyAsync(() => Of(NeptuneTelemetry.DeploymentsInstrument), d => d.Count == 2, "counted both deployments");
        Assert.All(deployments, d => Assert.Equal("Succeeded", d.Tags[NeptuneTelemetry.OutcomeTag]));
        Assert.All(deployments, d => Assert.Equal(1, d.Value));
        foreach (var instrument in new[] { NeptuneTelemetry.PlanDurationInstrument, NeptuneTelemetry.ApplyDurationInstrument })
        {
            var durations = Of(instrument);
            Assert.Equal(2, durations.Count);
            Assert.All(durations, d => Assert.Equal("Succeeded", d.Tags[NeptuneTelemetry.OutcomeTag]));
            Assert.All(durations, d => Assert.True(d.Value >= 0));
            Assert.Equal("s", durations[0].Instrument.Unit);
        }
    }

    [Fact]
    public async Task A_failed_plan_is_counted_with_its_outcome_and_no_apply_is_timed()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, fail: "plan"));

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        var counted = await h.EventuallyAsync(() => Of(NeptuneTelemetry.DeploymentsInstrument), d => d.Count == 1, "counted the deployment");
        Assert.Equal("TerraformFailed", counted[0].Tags[NeptuneTelemetry.OutcomeTag]);
        Assert.Equal("TerraformFailed", Assert.Single(Of(NeptuneTelemetry.PlanDurationInstrument)).Tags[NeptuneTelemetry.OutcomeTag]);
        Assert.Empty(Of(NeptuneTelemetry.ApplyDurationInstrument)); // nothing was applied
    }

    [Fact]
    public async Task A_stopped_host_publishes_no_gauges()
    {
        await h.FinishedAsync(await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 0)))));
        Assert.NotEmpty(ObserveAll());
        var meter = h.Neptune.Metrics!.Meter;

        await h.Neptune.DisposeAsync();

        recorded.Clear();
        listener.RecordObservableInstruments();
        Assert.DoesNotContain(recorded, r => r.Instrument.Meter == meter);
    }

    private List<Recorded> Observe() => [.. ObserveAll().Where(r => r.Tags.GetValueOrDefault(NeptuneTelemetry.TargetTag) == Target)];

    private List<Recorded> ObserveAll()
    {
        var meter = h.Neptune.Metrics!.Meter;
        var before = recorded.Count;
        listener.RecordObservableInstruments();
        return [.. recorded.Skip(before).Where(r => r.Instrument.Meter == meter)];
    }

    private List<Recorded> Of(string instrument) =>
        [.. recorded.Where(r => r.Name == instrument && r.Tags.GetValueOrDefault(NeptuneTelemetry.TargetTag) == Target)];

    private static Dictionary<string, string?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string?>();
        foreach (var (key, value) in tags)
        {
            map[key] = value?.ToString();
        }

        return map;
    }

    private sealed record Recorded(Instrument Instrument, double Value, Dictionary<string, string?> Tags)
    {
        public string Name => Instrument.Name;
    }
}
