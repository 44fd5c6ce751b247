using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Neptune.Benchmarks.Soak;

/// <summary>One memory sample of the gateway process.</summary>
/// <param name="Seconds">Seconds since the soak started sending.</param>
/// <param name="Sent">Webhooks sent so far.</param>
/// <param name="Finished">Deployments with a final state so far.</param>
/// <param name="RssMb">Resident set size (<c>VmRSS</c>), MB.</param>
/// <param name="HeapMb">The managed heap (the runtime's <c>gc-heap-size</c> counter), MB; NaN before the first report.</param>
public sealed record MemorySample(double Seconds, int Sent, int Finished, double RssMb, double HeapMb);

/// <summary>
/// Samples another process's memory: its RSS from <c>/proc/&lt;pid&gt;/status</c>, and its managed heap from the
/// runtime's <c>System.Runtime</c> event counters over EventPipe (the diagnostics IPC channel every .NET process
/// opens, the one <c>dotnet-counters</c> uses), reported every <c>interval</c>.
/// </summary>
public sealed class SoakMemory : IDisposable
{
    private readonly int _pid;
    private readonly EventPipeSession? _session;
    private readonly Thread? _reader;
    private double _heapMb = double.NaN;

    /// <summary>Starts listening to <paramref name="pid"/>'s counters.</summary>
    public SoakMemory(int pid, TimeSpan interval)
    {
        _pid = pid;
        try
        {
            var providers = new[]
            {
                new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string>
                {
                    ["EventCounterIntervalSec"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                }),
            };
            _session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false);
            _reader = new Thread(Read) { IsBackground = true, Name = "soak counters" };
            _reader.Start();
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            Error = e.Message;
        }
    }

    /// <summary>Why the managed heap cannot be read, if it cannot.</summary>
    public string? Error { get; private set; }

    /// <summary>The managed heap at the last counter report, MB.</summary>
    public double HeapMb => Volatile.Read(ref _heapMb);

    /// <summary>The process's resident set size now, MB (NaN when it has exited).</summary>
    public double RssMb()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session!.EventStream);
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer || outer["Payload"] is not IDictionary<string, object> payload)
                {
                    return;
                }

                if (payload["Name"] as string == "gc-heap-size")
                {
                    Volatile.Write(ref _heapMb, Convert.ToDouble(payload["Mean"], CultureInfo.InvariantCulture));
                }
            };
            source.Process();
        }
        catch (Exception e)
        {
            // The counters are a nicety: RSS is still sampled.
            Error = e.Message;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _session?.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The process is gone.
        }

        _reader?.Join(TimeSpan.FromSeconds(5));
        _session?.Dispose();
    }

    /// <summary>
    /// Whether memory grew after warm-up: the least-squares slope of <paramref name="select"/> over the samples after
    /// <paramref name="warmUpSeconds"/>, in MB per minute, with the first and last minute's means.
    /// </summary>
    public static string Trend(IReadOnlyList<MemorySample> samples, double warmUpSeconds, Func<MemorySample, double> select, string name)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(select);
        var after = samples.Where(s => s.Seconds >= warmUpSeconds && !double.IsNaN(select(s))).ToList();
        if (after.Count < 3)
        {
            return $"{name}: too few samples after warm-up";
        }

        var (mx, my) = (after.Average(s => s.Seconds), after.Average(select));
        var slope = after.Sum(s => (s.Seconds - mx) * (select(s) - my)) / after.Sum(s => (s.Seconds - mx) * (s.Seconds - mx));
        var first = after.Where(s => s.Seconds < after[0].Seconds + 60).Average(select);
        var last = after.Where(s => s.Seconds > after[^1].Seconds - 60).Average(select);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: first minute after warm-up {first:F1} MB, last minute {last:F1} MB, min {after.Min(select):F1}, max {after.Max(select):F1}; trend {slope * 60:+0.00;-0.00} MB/min over {(after[^1].Seconds - after[0].Seconds) / 60:F1} min ({after.Count} samples)");
    }
}
