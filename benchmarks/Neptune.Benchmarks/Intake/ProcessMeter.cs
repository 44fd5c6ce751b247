using System.Diagnostics;
using System.Globalization;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// The whole process over a phase (client and servers share the process): CPU time, allocations, GCs and their pauses,
/// lock contention, and the thread pool's queue and size, sampled every 20 ms.
/// </summary>
public sealed class ProcessMeter : IDisposable
{
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly long _contention = Monitor.LockContentionCount;
    private readonly Timer _sampler;
    private long _maxQueued;
    private int _maxThreads;

    /// <summary>Starts measuring.</summary>
    public ProcessMeter() => _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

    /// <summary>What happened since this meter was made, per request where it says so.</summary>
    public string PerRequest(int requests)
    {
        Sample();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"process CPU {cpu.TotalMicroseconds / requests:F0} µs/request, allocated {(GC.GetTotalAllocatedBytes() - _allocated) / (double)requests / 1024:F1} KiB/request, " +
            $"GCs gen0 {GC.CollectionCount(0) - _gen0} gen2 {GC.CollectionCount(2) - _gen2} paused {(GC.GetTotalPauseDuration() - _paused).TotalMilliseconds:F0} ms, " +
            $"contended locks {Monitor.LockContentionCount - _contention}, thread pool at most {Volatile.Read(ref _maxThreads)} threads and {Interlocked.Read(ref _maxQueued)} queued items");
    }

    /// <summary>The 1-minute load average, from <c>/proc/loadavg</c> (empty elsewhere).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : string.Empty;

    /// <inheritdoc />
    /// <summary>
    /// Waits until this process used under 10 % of one core over half a second (or <paramref name="limit"/> passed);
    /// returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> WaitForQuietAsync(TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        using var process = Process.GetCurrentProcess();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var window = Stopwatch.GetTimestamp();
            await Task.Delay(500).ConfigureAwait(false);
            process.Refresh();
            if ((process.TotalProcessorTime - cpu).TotalMilliseconds < 0.10 * Stopwatch.GetElapsedTime(window).TotalMilliseconds)
            {
                break;
            }
        }

        return Stopwatch.GetElapsedTime(start);
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var queued = ThreadPool.PendingWorkItemCount;
        if (queued > Interlocked.Read(ref _maxQueued))
        {
            Interlocked.Exchange(ref _maxQueued, queued);
        }

        var threads = ThreadPool.ThreadCount;
        if (threads > Volatile.Read(ref _maxThreads))
        {
            Volatile.Write(ref _maxThreads, threads);
        }
    }
}
