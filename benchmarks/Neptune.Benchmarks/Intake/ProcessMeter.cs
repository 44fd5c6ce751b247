using System.Diagnostics;
using System.Globalization;

namespace Neptune.Benchmarks.Intake;

/// <summary>The whole process's CPU time, allocations and GCs over a phase (client and servers share the process).</summary>
public sealed class ProcessMeter
{
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen2 = GC.CollectionCount(2);

    /// <summary>CPU, allocations and GCs since this meter was made, per request.</summary>
    public string PerRequest(int requests)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"process CPU {cpu.TotalMicroseconds / requests:F0} µs/request, allocated {(GC.GetTotalAllocatedBytes() - _allocated) / (double)requests / 1024:F1} KiB/request, GCs gen0 {GC.CollectionCount(0) - _gen0} gen2 {GC.CollectionCount(2) - _gen2}");
    }

    /// <summary>The 1-minute load average, from <c>/proc/loadavg</c> (empty elsewhere).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : string.Empty;
}
