using System.Diagnostics;
using System.Globalization;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// <c>idle-targets [count]</c>: the memory of a process whose in-process host keeps <c>count</c> idle target
/// coordinators alive. Not a BenchmarkDotNet benchmark: it measures a whole process, so it prints the same process's
/// RSS and managed heap before the engine starts, with every coordinator idle, and after the engine is disposed.
/// </summary>
public static class IdleTargets
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        Console.WriteLine($"idle-targets: {count} targets, one merge each; {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        var empty = Measure("before the engine (empty process)", null);

        var run = await InProcessRun.StartAsync().ConfigureAwait(false);
        Sample idle;
        try
        {
            var clock = Stopwatch.StartNew();
            var ids = await run.SubmitAllAsync(InProcessRun.Merges(count, 1)).ConfigureAwait(false);
            var submitted = clock.Elapsed;
            await run.WaitFinishedAsync(ids, 2, Patience).ConfigureAwait(false);
            var finished = clock.Elapsed;
            var commitsAtFinish = run.JournalCommits;
            if (!await run.WaitOutboxDrainedAsync(Patience).ConfigureAwait(false))
            {
                throw new TimeoutException("The outbox did not drain.");
            }

            var drained = clock.Elapsed;
            await run.VerifySucceededAsync(ids).ConfigureAwait(false);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {count} deployments: submitted in {submitted.TotalMilliseconds:F0} ms, all finished after {finished.TotalMilliseconds:F0} ms, outbox drained after {drained.TotalMilliseconds:F0} ms; " +
                $"journal commits at finish {commitsAtFinish} ({commitsAtFinish / finished.TotalSeconds:F0}/s), after drain {run.JournalCommits} ({(double)run.JournalCommits / count:F2}/deployment)"));

            // Every coordinator is now idle: nothing queued or running, idle timer armed for 60 minutes.
            idle = Measure($"{count} idle targets", empty);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per idle target: {(idle.Rss - empty.Rss) / (double)count / 1024:F1} KiB RSS, {(idle.Managed - empty.Managed) / (double)count / 1024:F1} KiB managed"));
            GC.KeepAlive(ids);
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        Measure("after the engine is disposed", empty);
        return 0;
    }

    private static Sample Measure(string what, Sample? baseline)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var sample = new Sample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes, process.PrivateMemorySize64);
        var delta = baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $" (+{Mb(sample.Rss - b.Rss)} RSS, +{Mb(sample.Managed - b.Managed)} managed)") : string.Empty;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {what}: RSS {Mb(sample.Rss)}, GC.GetTotalMemory {Mb(sample.Managed)}, GC committed {Mb(sample.Committed)}, private {Mb(sample.Private)}{delta}"));
        return sample;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MB");

    private readonly record struct Sample(long Rss, long Managed, long Committed, long Private);
}
