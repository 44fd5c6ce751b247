using System.Diagnostics;
using System.Globalization;
using Neptune.Hosting.InProcess;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// <c>host-breakdown [repeats] [variant]</c>: where the end-to-end benchmark's time goes, told apart by changing one thing
/// at a time (queue depth per target, file stores or in-memory ones) and reading process counters: CPU in user
/// and kernel mode, journal commits, outbox rows, lock contention, thread-pool work items and allocations per
/// deployment. Not a BenchmarkDotNet benchmark: each line is one run of 1,000 deployments in a fresh engine.
/// </summary>
public static class HostBreakdown
{
    private const int Deployments = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        (string Name, int Targets, Func<InProcessOptions, InProcessPorts> Ports)[] variants =
        [
            ("100 targets x 10 merges, file stores (as benchmarked)", 100, InstantPorts.Create),
            ("100 targets x 10 merges, in-memory stores", 100, InstantPorts.InMemoryStores),
            ("1000 targets x 1 merge, file stores", 1000, InstantPorts.Create),
            ("1000 targets x 1 merge, in-memory stores", 1000, InstantPorts.InMemoryStores),
        ];

        Console.WriteLine($"host-breakdown: {Deployments} deployments per run, {repeats} runs per variant after one warm-up; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        await RunOnceAsync(variants[0].Targets, variants[0].Ports).ConfigureAwait(false);
        var only = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : -1;
        foreach (var (name, targets, ports) in variants.Where((_, i) => only < 0 || i == only))
        {
            Console.WriteLine(name);
            for (var i = 0; i < repeats; i++)
            {
                Console.WriteLine("  " + await RunOnceAsync(targets, ports).ConfigureAwait(false));
            }
        }

        return 0;
    }

    private static async Task<string> RunOnceAsync(int targets, Func<InProcessOptions, InProcessPorts> ports)
    {
        var requests = InProcessRun.Merges(targets, Deployments / targets);
        await using var run = await InProcessRun.StartAsync(ports).ConfigureAwait(false);
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var user0 = process.UserProcessorTime;
        var sys0 = process.PrivilegedProcessorTime;
        var commits0 = run.JournalCommits;
        var contention0 = Monitor.LockContentionCount;
        var items0 = ThreadPool.CompletedWorkItemCount;
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();

        var ids = await run.SubmitAllAsync(requests).ConfigureAwait(false);
        var submitted = clock.Elapsed;
        await run.WaitFinishedAsync(ids.AsSpan(ids.Length - targets).ToArray(), 2, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var wall = clock.Elapsed;

        process.Refresh();
        var user = (process.UserProcessorTime - user0).TotalMilliseconds;
        var sys = (process.PrivilegedProcessorTime - sys0).TotalMilliseconds;
        var commits = run.JournalCommits - commits0;
        var contention = Monitor.LockContentionCount - contention0;
        var items = ThreadPool.CompletedWorkItemCount - items0;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        var journal = run.ReadJournal();
        await run.VerifySucceededAsync(ids).ConfigureAwait(false);
        double Per(double total) => total / Deployments;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"wall {wall.TotalMilliseconds,5:F0} ms (receipts {submitted.TotalMilliseconds,5:F0}) = {Per(wall.TotalMicroseconds),5:F0} us/dep; " +
            $"CPU user {Per(user * 1000),5:F0} + kernel {Per(sys * 1000),5:F0} us/dep ({(user + sys) / wall.TotalMilliseconds:F2} cores busy); " +
            $"commits {Per(commits):F1}/dep ({commits / wall.TotalSeconds:F0}/s); outbox rows {Per(journal.OutboxInserted):F1}/dep; " +
            $"lock contentions {Per(contention):F1}/dep; pool items {Per(items):F0}/dep; alloc {Per(bytes) / 1024:F0} KB/dep; GCs gen0 {GC.CollectionCount(0) - gen0} gen2 {GC.CollectionCount(2) - gen2}");
    }
}
