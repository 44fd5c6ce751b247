using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// <c>intake [--seconds 5] [--rounds 2] [--connections 16] [--rate 500] [--open-seconds 20] [--warmup 5] [--repos 1000] [--log Warning]</c>:
/// webhook intake against a bare Kestrel endpoint, both in this process over real TCP on 127.0.0.1, driven by the same
/// client with the same signed push deliveries. After a warm-up that also gives every target its first merge, it
/// measures (1) latency at a fixed rate (open loop) for the bare endpoint, the intake, and the intake with its worker
/// held (the handler alone), while targets' queues are short; (2) closed-loop throughput in rounds of: the bare endpoint; the intake with its worker held (the handler
/// alone); the intake with its worker running, and then the revisions the host accepted per second of load and drain;
/// (3) that every delivery answered 202 became a revision the host accepted. See
/// docs/performance.md, "Webhook intake (issue 4)".
/// </summary>
public static class IntakeThroughput
{
    /// <summary>Runs the measurement with the options in <paramref name="args"/>; 0 when every 202 became a revision in the host.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = IntakeSettings.Parse(args);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"intake: {settings}; pid {Environment.ProcessId}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}, TMPDIR {Path.GetTempPath()}, load average {ProcessMeter.LoadAverage()}"));

        await using var bare = await BareEndpoint.StartAsync().ConfigureAwait(false);
        await using var gateway = await IntakeGateway.StartAsync(capacity: 1_000_000, settings.LogLevel).ConfigureAwait(false);
        var pushes = new PushDeliveries(IntakeGateway.Secret, settings.Repos, MemoryRepositoryReader.Roots);
        using var toBare = new LoadGenerator(bare.Url, pushes, settings.Connections);
        using var toIntake = new LoadGenerator(gateway.Url, pushes, settings.Connections);
        Console.WriteLine($"bare endpoint {bare.Url}, intake {gateway.Url}, data dir {gateway.DataDir}");

        var tally = new IntakeTally();
        var first = pushes.Next();
        var bareStatus = await toBare.SendAsync(pushes.Next()).ConfigureAwait(false);
        var intakeStatus = await toIntake.SendAsync(first).ConfigureAwait(false);
        tally.Add(intakeStatus);
        if (bareStatus != 200 || intakeStatus != 202)
        {
            Console.WriteLine($"The first deliveries were answered {bareStatus} (bare) and {intakeStatus} (intake), not 200 and 202.");
            return 1;
        }

        await WarmUpAsync(settings, toBare, toIntake, gateway, tally).ConfigureAwait(false);

        // Latency first, while every target's queue is short: each accepted push stays queued behind its target's held
        // deployment, and the host's cost per revision grows with its target's queue (see docs/performance.md).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merges queued per target so far: {(double)gateway.Receipts.Accepted / Targets(settings):F1}"));
        var openBare = await MeasureAsync($"bare endpoint, open loop {settings.Rate}/s", () => toBare.OpenLoopAsync(settings.Rate, TimeSpan.FromSeconds(settings.OpenSeconds))).ConfigureAwait(false);
        var openIntake = await MeasureAsync($"intake, open loop {settings.Rate}/s", () => toIntake.OpenLoopAsync(settings.Rate, TimeSpan.FromSeconds(settings.OpenSeconds))).ConfigureAwait(false);
        tally.Add(openIntake);
        var openDrain = await DrainAsync(gateway).ConfigureAwait(false);
        var hostLatency = HostAcceptLatency(openIntake, gateway.Receipts, out var missing);
        Console.WriteLine($"  intake queue drained {openDrain.TotalMilliseconds:F0} ms after the last response");
        Console.WriteLine($"  due → revision accepted by the host (journal commit): {hostLatency}; 202s without a receipt: {missing}");
        gateway.Reader.Hold();
        var openHandler = await MeasureAsync($"intake with the worker held, open loop {settings.Rate}/s", () => toIntake.OpenLoopAsync(settings.Rate, TimeSpan.FromSeconds(settings.OpenSeconds))).ConfigureAwait(false);
        tally.Add(openHandler);
        gateway.Reader.Release();
        await DrainAsync(gateway).ConfigureAwait(false);

        var closed = new List<ClosedRound>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var duration = TimeSpan.FromSeconds(settings.Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: merges queued per target so far: {(double)gateway.Receipts.Accepted / Targets(settings):F1}"));
            var bareRun = await MeasureAsync($"round {round}, bare endpoint, closed loop", () => toBare.ClosedLoopAsync(duration)).ConfigureAwait(false);

            // The handler alone: the worker waits on its first config read, so the back half does nothing meanwhile.
            gateway.Reader.Hold();
            var handlerRun = await MeasureAsync($"round {round}, intake with the worker held, closed loop", () => toIntake.ClosedLoopAsync(duration)).ConfigureAwait(false);
            tally.Add(handlerRun);
            gateway.Reader.Release();
            var backlog = await DrainAsync(gateway).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  worker released: its backlog of {handlerRun.Requests.Count} drained in {backlog.TotalMilliseconds:F0} ms ({handlerRun.Requests.Count / backlog.TotalSeconds:F0} revisions/s with no load)"));

            var intakeRun = await MeasureAsync($"round {round}, intake with the worker running, closed loop", () => toIntake.ClosedLoopAsync(duration)).ConfigureAwait(false);
            var accepted = tally.Add(intakeRun);
            var drain = await DrainAsync(gateway).ConfigureAwait(false);

            // From the phase's first request (not from before its wait for a quiet process) to the drained queue.
            var endToEnd = accepted / (intakeRun.Elapsed + drain).TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  intake queue drained {drain.TotalMilliseconds:F0} ms after the last response; 202s per second of load + drain (revisions accepted by the host per second): {endToEnd:F0}"));
            closed.Add(new ClosedRound(bareRun.PerSecond, handlerRun.PerSecond, intakeRun.PerSecond, endToEnd));
        }

        var verified = await VerifyAsync(gateway, tally).ConfigureAwait(false);
        PrintSummary(settings, closed, openBare, openIntake, openHandler, hostLatency);
        Console.WriteLine($"load average at the end {ProcessMeter.LoadAverage()}");
        return verified ? 0 : 1;
    }

    private static async Task WarmUpAsync(IntakeSettings settings, LoadGenerator toBare, LoadGenerator toIntake, IntakeGateway gateway, IntakeTally tally)
    {
        // First one push to every target, so every target exists and runs its held deployment before anything is
        // measured (a busy gateway's steady state); then the warm-up proper.
        var targets = Targets(settings);
        tally.Add(await toIntake.ClosedLoopAsync(TimeSpan.FromMinutes(10), targets).ConfigureAwait(false));
        var created = await DrainAsync(gateway).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{targets} targets created (queue drained {created.TotalMilliseconds:F0} ms after the last response)"));
        var warmup = TimeSpan.FromSeconds(settings.WarmupSeconds);
        await toBare.ClosedLoopAsync(warmup).ConfigureAwait(false);
        tally.Add(await toIntake.ClosedLoopAsync(warmup).ConfigureAwait(false));
        await toBare.OpenLoopAsync(settings.Rate, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        tally.Add(await toIntake.OpenLoopAsync(settings.Rate, TimeSpan.FromSeconds(1)).ConfigureAwait(false));
        var drain = await DrainAsync(gateway).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up done ({tally.Answered202} intake deliveries accepted so far; queue drained {drain.TotalMilliseconds:F0} ms after the last response)"));
    }

    private static int Targets(IntakeSettings settings) => settings.Repos * MemoryRepositoryReader.Roots.Count;

    private static async Task<LoadResult> MeasureAsync(string name, Func<Task<LoadResult>> phase)
    {
        // The host keeps working after the intake queue is idle (check-run publications, their journal writes); a phase
        // measured meanwhile, the bare one included, would share the cores with it.
        var quiet = await ProcessMeter.WaitForQuietAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: process quiet after {quiet.TotalSeconds:F1} s"));
        using var meter = new ProcessMeter();
        var start = Stopwatch.GetTimestamp();
        var result = await phase().ConfigureAwait(false);
        var statuses = string.Join(", ", result.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

        // The phase's span on the monotonic clock, to cut a profile to it (perf record -k mono, perf report --time).
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {result.Requests.Count} requests in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F0}/s; statuses {statuses}; load average {ProcessMeter.LoadAverage()}; " +
            $"monotonic {(double)start / Stopwatch.Frequency:F6}–{(double)Stopwatch.GetTimestamp() / Stopwatch.Frequency:F6} s"));
        Console.WriteLine($"  latency {result.Latency}");
        if (result.Requests.Any(r => r.Sent != r.Due))
        {
            Console.WriteLine($"  client lateness against schedule {result.Lateness}");
        }

        Console.WriteLine($"  {meter.PerRequest(result.Requests.Count)}");
        return result;
    }

    /// <summary>Waits until the intake worker has handled every queued delivery; returns how long that took.</summary>
    private static async Task<TimeSpan> DrainAsync(IntakeGateway gateway)
    {
        var start = Stopwatch.GetTimestamp();
        await gateway.Queue.WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>For every delivery answered 202, the time from when it was due until the host accepted its revision.</summary>
    private static LatencySummary HostAcceptLatency(LoadResult run, ReceiptClock receipts, out int missing)
    {
        var latencies = new List<long>(run.Requests.Count);
        missing = 0;
        foreach (var r in run.Requests.Where(r => r.Status == 202))
        {
            if (receipts.TryGetAcceptedAt(r.Number, out var at))
            {
                latencies.Add(at - r.Due);
            }
            else
            {
                missing++;
            }
        }

        return LatencySummary.Of(latencies);
    }

    /// <summary>Every 202 became exactly one revision the host accepted and still holds (one deployment in flight per target, the rest queued).</summary>
    private static async Task<bool> VerifyAsync(IntakeGateway gateway, IntakeTally tally)
    {
        await gateway.Queue.WhenIdleAsync().ConfigureAwait(false);
        var (targets, deployments) = await gateway.CountHostDeploymentsAsync().ConfigureAwait(false);
        var receipts = gateway.Receipts;
        Console.WriteLine(
            $"accepted: {tally.Answered202} deliveries answered 202 ({tally.Other} answered otherwise); the host accepted {receipts.Accepted} revisions " +
            $"(dropped {receipts.Dropped}) and holds {deployments} merge deployments over {targets} targets ({gateway.Terraform.Started} in flight, held in terraform init); " +
            $"config reads {gateway.Reader.ConfigReads}, comparisons {gateway.Reader.Comparisons}");
        var ok = receipts.Accepted == tally.Answered202 && deployments == tally.Answered202 && receipts.Dropped == 0 && tally.Other == 0;
        Console.WriteLine(ok ? "accepted: OK, every 202 is a revision in the host" : "accepted: MISMATCH");
        return ok;
    }

    private static void PrintSummary(
        IntakeSettings settings, List<ClosedRound> closed, LoadResult openBare, LoadResult openIntake, LoadResult openHandler, LatencySummary hostLatency)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"Closed loop, {settings.Connections} connections, {settings.Seconds} s per phase (req/s, ratio to bare):");
        Console.WriteLine();
        Console.WriteLine("| Round | Bare Kestrel → 200 | Intake → 202, worker held | Intake → 202, worker running | Intake → revision in host (load + drain) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        // --rounds 0 measures latency only (the open loops).
        foreach (var (i, r) in closed.Index().Select(x => (x.Index + 1, x.Item)).Concat(closed.Count > 0 ? [(0, ClosedRound.Mean(closed))] : []))
        {
            Console.WriteLine(string.Create(
                c,
                $"| {(i == 0 ? "mean" : i.ToString(c))} | {r.Bare:F0} | {r.Handler:F0} ({r.Handler / r.Bare:F2}) | {r.Intake:F0} ({r.Intake / r.Bare:F2}) | {r.EndToEnd:F0} ({r.EndToEnd / r.Bare:F2}) |"));
        }

        Console.WriteLine();
        Console.WriteLine($"Open loop, {settings.Rate} requests/s for {settings.OpenSeconds} s, latency from each request's scheduled time (ms):");
        Console.WriteLine();
        Console.WriteLine("| Endpoint | p50 | p90 | p99 | p99.9 | max | answers |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        Row("Bare Kestrel → 200", openBare.Latency, openBare);
        Row("Intake → 202", openIntake.Latency, openIntake);
        Row("Intake → revision accepted by the host", hostLatency, null);
        Row("Intake → 202, worker held", openHandler.Latency, openHandler);
        Console.WriteLine(string.Create(c, $"(client lateness against schedule, intake phase: p50 {openIntake.Lateness.P50:F2} ms, p99 {openIntake.Lateness.P99:F2} ms)"));

        void Row(string name, LatencySummary l, LoadResult? run) => Console.WriteLine(string.Create(
            c,
            $"| {name} | {l.P50:F2} | {l.P90:F2} | {l.P99:F2} | {l.P999:F2} | {l.Max:F2} | {(run is null ? $"{l.Count} receipts" : string.Join(", ", run.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}")))} |"));
    }

    /// <summary>One closed-loop round's rates, in requests (or revisions) per second.</summary>
    private sealed record ClosedRound(double Bare, double Handler, double Intake, double EndToEnd)
    {
        public static ClosedRound Mean(List<ClosedRound> rounds) => new(
            rounds.Average(r => r.Bare), rounds.Average(r => r.Handler), rounds.Average(r => r.Intake), rounds.Average(r => r.EndToEnd));
    }
}
