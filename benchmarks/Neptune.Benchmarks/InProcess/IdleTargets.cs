using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// <c>idle-targets [count] [--breakdown] [--hold SECONDS]</c>: the memory of a process whose in-process host keeps <c>count</c> idle
/// target coordinators alive. Not a BenchmarkDotNet benchmark: it measures a whole process, so it prints the same
/// process's RSS and managed heap before the engine starts, with every coordinator idle, and after the engine is
/// disposed. <c>--breakdown</c> then also releases, one at a time, what the default stores keep per deployment
/// (read through private fields, for diagnosis only) to show each one's share; <c>--hold</c> waits at the idle point and
/// after disposal so a heap dump can be taken (for example with dotnet-gcdump).
/// </summary>
public static class IdleTargets
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        var breakdown = args.Contains("--breakdown");
        var holdAt = Array.IndexOf(args, "--hold");
        var hold = holdAt >= 0 ? TimeSpan.FromSeconds(int.Parse(args[holdAt + 1], CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        Console.WriteLine($"idle-targets: {count} targets, one merge each; pid {Environment.ProcessId}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}, GC latency mode {GCSettings.LatencyMode}");
        var empty = Measure("before the engine (empty process)", null);

        // In a method of its own, so no stack slot of this one still holds the engine when it is measured as gone.
        await RunEngineAsync(count, breakdown, hold, empty).ConfigureAwait(false);

        // The line above resumes inside the last coordinator's completion (its frames hold the engine): leave that stack first.
        await Task.Yield();
        Measure("after the engine is disposed and dropped", empty);
        Measure("after the engine is disposed and dropped, aggressive GC", empty, aggressive: true);
        await HoldAsync(hold, "engine disposed").ConfigureAwait(false);
        return 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task RunEngineAsync(int count, bool breakdown, TimeSpan hold, Sample empty)
    {
        // Nulled after disposal: the finished method's task (its state machine) outlives the call.
        InProcessRun? run = await InProcessRun.StartAsync().ConfigureAwait(false);
        try
        {
            Measure("engine started, no target", empty);
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

            // Every coordinator is now idle: nothing queued or running, its idle timer armed for 60 minutes.
            var idle = Measure($"{count} idle targets (headline)", empty);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per idle target: {(idle.Rss - empty.Rss) / (double)count / 1024:F1} KiB RSS, {(idle.Managed - empty.Managed) / (double)count / 1024:F1} KiB managed"));
            Measure($"{count} idle targets, after an aggressive GC (returns free memory to the OS)", empty, aggressive: true);
            await HoldAsync(hold, "idle targets").ConfigureAwait(false);
            if (breakdown)
            {
                var ports = run.Engine.Ports;
                Release("LocalCheckRunPublisher's newest publication per deployment", ports.CheckRunPublisher, "latest", empty);
                Release("JsonLinesAuditSink's idempotency keys", ports.AuditSink, "written", empty);
            }

            GC.KeepAlive(ids);
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
            run = null;
        }

    }

    private static async Task HoldAsync(TimeSpan hold, string what)
    {
        if (hold > TimeSpan.Zero)
        {
            Console.WriteLine($"  holding {hold.TotalSeconds:F0} s ({what}) for inspection of pid {Environment.ProcessId}");
            await Task.Delay(hold).ConfigureAwait(false);
        }
    }

    /// <summary>Empties a private collection of a store and prints what that gave back (diagnosis only: field names are not a contract).</summary>
    private static void Release(string what, object owner, string field, Sample baseline)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var items = Swap(owner, field);
        if (items is null)
        {
            Console.WriteLine($"  (cannot release {what}: no field '{field}' on {owner.GetType().Name})");
            return;
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  releasing {what} ({items} entries) frees {Mb(before - after)} managed ({(before - after) / (double)Math.Max(items.Value, 1):F0} B each)"));
        Measure($"  after releasing {what}", baseline);
    }

    /// <summary>Replaces the collection in <paramref name="field"/> with an empty one; returns how many entries it had.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int? Swap(object owner, string field)
    {
        var f = owner.GetType().GetField(field, BindingFlags.Instance | BindingFlags.NonPublic);
        if (f?.GetValue(owner) is not { } collection)
        {
            return null;
        }

        var items = collection.GetType().GetProperty("Count")?.GetValue(collection) as int? ?? -1;
        f.SetValue(owner, Activator.CreateInstance(f.FieldType));
        return items;
    }

    private static Sample Measure(string what, Sample? baseline, bool aggressive = false)
    {
        var mode = aggressive ? GCCollectionMode.Aggressive : GCCollectionMode.Forced;
        GC.Collect(GC.MaxGeneration, mode, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, mode, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var info = GC.GetGCMemoryInfo();
        var sample = new Sample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), info.TotalCommittedBytes, info.FragmentedBytes, process.Threads.Count);
        var delta = baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $" (+{Mb(sample.Rss - b.Rss)} RSS, +{Mb(sample.Managed - b.Managed)} managed)") : string.Empty;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {what}: RSS {Mb(sample.Rss)}, GC.GetTotalMemory {Mb(sample.Managed)}, GC committed {Mb(sample.Committed)}, fragmented {Mb(sample.Fragmented)}, threads {sample.Threads}{delta}"));
        return sample;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MB");

    private readonly record struct Sample(long Rss, long Managed, long Committed, long Fragmented, int Threads);
}
