using System.Diagnostics;
using System.Diagnostics.Metrics;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess.Telemetry;

/// <summary>
/// The host's per-target gauges (<see cref="NeptuneTelemetry.QueueDepthInstrument"/> and
/// <see cref="NeptuneTelemetry.LockStateInstrument"/>) on a meter named <see cref="NeptuneTelemetry.Name"/> that lives as
/// long as the host: disposing it unpublishes them, so a stopped host reports nothing. The values are read only when a
/// listener collects, from what each coordinator last committed.
/// </summary>
internal sealed class InProcessMetrics : IDisposable
{
    private readonly InProcessNeptune host;

    public InProcessMetrics(InProcessNeptune host)
    {
        this.host = host;
        Meter = new Meter(NeptuneTelemetry.Name);
        Meter.CreateObservableGauge(NeptuneTelemetry.QueueDepthInstrument, QueueDepths, "{deployment}", "Deployments waiting, by target and queue (merge, manual).");
        Meter.CreateObservableGauge(NeptuneTelemetry.LockStateInstrument, LockStates, "{lock}", "1 when the target's merge queue is locked, else 0.");
    }

    /// <summary>The meter the gauges belong to.</summary>
    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> QueueDepths()
    {
        var readings = host.Readings();
        var measurements = new List<Measurement<long>>(readings.Count * 2);
        foreach (var (target, manual, merge, _) in readings)
        {
            measurements.Add(new Measurement<long>(merge, new TagList { { NeptuneTelemetry.TargetTag, target.Id }, { NeptuneTelemetry.QueueTag, "merge" } }));
            measurements.Add(new Measurement<long>(manual, new TagList { { NeptuneTelemetry.TargetTag, target.Id }, { NeptuneTelemetry.QueueTag, "manual" } }));
        }

        return measurements;
    }

    private IEnumerable<Measurement<long>> LockStates()
    {
        var readings = host.Readings();
        var measurements = new List<Measurement<long>>(readings.Count);
        foreach (var (target, _, _, locked) in readings)
        {
            measurements.Add(new Measurement<long>(locked ? 1 : 0, new KeyValuePair<string, object?>(NeptuneTelemetry.TargetTag, target.Id)));
        }

        return measurements;
    }
}
