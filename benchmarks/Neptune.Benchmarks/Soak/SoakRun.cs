using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Neptune.Benchmarks.Intake;

namespace Neptune.Benchmarks.Soak;

/// <summary>
/// <c>soak [--webhooks 10000] [--targets 100] [--rate 6] [--backlog 200] [--send-minutes 0] [--warmup 120] [--stall 300] [--log Warning] [--keep]</c>:
/// signed push webhooks at a steady rate into the real sample gateway (a child process: in-process host, real git
/// fetches from local bare repositories, the terraform stand-in), with GitHub's REST API faked by WireMock.Net; then
/// waits until every target has worked off its queue and checks that every push answered 202 became exactly one
/// deployment with exactly one final state (none lost, none duplicated). Samples the gateway's RSS and managed heap
/// every 5 s and reports the intake's latency. Sending pauses while more than <c>--backlog</c> accepted pushes await
/// their final state (so queues stay bounded when the deployments cannot keep up with the rate: a soak, not a flood),
/// and stops after <c>--send-minutes</c> if that is set; the check then covers what was sent. See docs/performance.md, "Soak (issue 8)".
/// </summary>
public static class SoakRun
{
    /// <summary>Runs the soak; 0 when every delivery was answered 202 and the check found no problem.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var webhooks = (int)Number("--webhooks", 10_000);
        var targets = (int)Number("--targets", 100);
        var rate = Number("--rate", 6);
        var warmUp = Number("--warmup", 120);
        var stall = TimeSpan.FromSeconds(Number("--stall", 300));
        var backlog = (int)Number("--backlog", 200);
        var sendMinutes = Number("--send-minutes", 0);
        var logLevel = Value("--log") ?? "Warning";
        var keep = args.Contains("--keep");
        var c = CultureInfo.InvariantCulture;

        var work = Directory.CreateTempSubdirectory("neptune-soak-").FullName;
        Console.WriteLine(string.Create(c, $"soak: {webhooks} webhooks over {targets} targets at {rate}/s (backlog at most {backlog}, sending for at most {(sendMinutes > 0 ? sendMinutes : double.PositiveInfinity)} min); work dir {work}; {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {ProcessMeter.LoadAverage()}"));
        var setup = Stopwatch.StartNew();
        var repos = await SoakRepos.CreateAsync(Path.Combine(work, "repos"), webhooks, targets).ConfigureAwait(false);
        Console.WriteLine(string.Create(c, $"{repos.History.Count} bare repositories with {repos.History.Values.Sum(h => h.Count)} commits written in {setup.Elapsed.TotalSeconds:F1} s"));
        using var github = new SoakGitHub(repos);
        var gateway = await SoakGateway.StartAsync(work, repos.ReposDir, github.ApiUrl, logLevel).ConfigureAwait(false);
        var exit = 1;
        try
        {
            exit = await DriveAsync(gateway, github, repos, new Pacing(rate, backlog, sendMinutes), warmUp, stall).ConfigureAwait(false);
        }
        finally
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            if (!keep && exit == 0)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                Console.WriteLine($"kept {work} (gateway.log, data/)");
            }
        }

        return exit;
    }

    /// <summary>How fast to send: <paramref name="Rate"/> per second, pausing above <paramref name="Backlog"/> unfinished pushes, for at most <paramref name="SendMinutes"/> (0: no limit).</summary>
    private sealed record Pacing(double Rate, int Backlog, double SendMinutes);

    private static async Task<int> DriveAsync(SoakGateway gateway, SoakGitHub github, SoakRepos repos, Pacing pacing, double warmUp, TimeSpan stall)
    {
        var c = CultureInfo.InvariantCulture;
        var pushes = new SoakPushes(SoakGateway.Secret, Path.Combine(AppContext.BaseDirectory, "Intake", "Fixtures", "push.json"));
        using var memory = new SoakMemory(gateway.ProcessId, TimeSpan.FromSeconds(5));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
        };
        var url = new Uri(gateway.Url, "/events");
        var answers = new ConcurrentQueue<(SoakPush Push, int Status, long Due, long Done)>();
        var samples = new List<MemorySample>();
        var start = Stopwatch.GetTimestamp();
        double Seconds() => Stopwatch.GetElapsedTime(start).TotalSeconds;
        var finished = 0;
        using var sampler = new Timer(_ =>
        {
            lock (samples)
            {
                samples.Add(new MemorySample(Seconds(), answers.Count, Volatile.Read(ref finished), memory.RssMb(), memory.HeapMb));
            }
        }, null, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        // Open loop: each push is due 1 / rate after the one before and is sent then, whatever earlier ones are
        // doing; latency counts from that due time. A pause (backlog full) restarts the schedule when it ends.
        var sends = new List<Task>(repos.Pushes.Count);
        var lastReport = 0.0;
        var interval = (long)(Stopwatch.Frequency / pacing.Rate);
        var due = start;
        var (pauses, paused) = (0, TimeSpan.Zero);
        foreach (var push in repos.Pushes)
        {
            if (pacing.SendMinutes > 0 && Seconds() > pacing.SendMinutes * 60)
            {
                Console.WriteLine(string.Create(c, $"--send-minutes reached: stopped after {push.Number} of {repos.Pushes.Count} webhooks"));
                break;
            }

            var delivery = pushes.Delivery(push);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency)).ConfigureAwait(false);
            }

            if (push.Number - github.FinalStates >= pacing.Backlog)
            {
                var pausedAt = Stopwatch.GetTimestamp();
                pauses++;
                while (push.Number - github.FinalStates >= pacing.Backlog)
                {
                    await Task.Delay(50).ConfigureAwait(false);
                }

                paused += Stopwatch.GetElapsedTime(pausedAt);
                due = Stopwatch.GetTimestamp();
            }

            sends.Add(SendAsync(http, url, delivery, due, answers));
            due += interval;
            if (Seconds() - lastReport >= 30)
            {
                lastReport = Seconds();
                Volatile.Write(ref finished, github.FinalStates);
                Report(c, Seconds(), answers, Volatile.Read(ref finished), memory);
            }
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        var sentSeconds = Seconds();
        var accepted = answers.Where(a => a.Status == 202).Select(a => a.Push).ToList();
        var statuses = string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));
        Console.WriteLine(string.Create(c, $"all {answers.Count} webhooks answered after {sentSeconds:F0} s ({statuses}; {answers.Count / sentSeconds:F2}/s; sending paused {pauses} times for {paused.TotalSeconds:F0} s in all with {pacing.Backlog} pushes unfinished); waiting for the targets' queues"));

        // Wait until every accepted push has a final state and every target is idle, or nothing moved for `stall`.
        var lastProgress = (Seconds: Seconds(), Finished: -1);
        while (true)
        {
            var (done, count) = await SoakLedger.ProgressAsync(gateway.Http, github, accepted).ConfigureAwait(false);
            Volatile.Write(ref finished, count);
            if (done)
            {
                break;
            }

            if (count != lastProgress.Finished)
            {
                lastProgress = (Seconds(), count);
            }
            else if (Seconds() - lastProgress.Seconds > stall.TotalSeconds)
            {
                Console.WriteLine(string.Create(c, $"no deployment finished for {stall.TotalSeconds:F0} s; checking what there is"));
                break;
            }

            if (Seconds() - lastReport >= 30)
            {
                lastReport = Seconds();
                Report(c, Seconds(), answers, count, memory);
            }

            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        var total = Seconds();
        await sampler.DisposeAsync().ConfigureAwait(false);
        lock (samples)
        {
            samples.Add(new MemorySample(total, answers.Count, Volatile.Read(ref finished), memory.RssMb(), memory.HeapMb));
        }

        var verdict = await SoakLedger.CheckAsync(gateway.Http, github, repos, accepted, gateway.AuditPath).ConfigureAwait(false);
        var latency = LatencySummary.Of(answers.Select(a => a.Done - a.Due));
        Console.WriteLine();
        Console.WriteLine($"verdict: {verdict}");
        foreach (var problem in verdict.Problems)
        {
            Console.WriteLine($"  {problem}");
        }

        Console.WriteLine(string.Create(c, $"intake latency (due → 202 read), {answers.Count} webhooks: {latency}"));
        Console.WriteLine(string.Create(c, $"run time: sending {sentSeconds:F0} s, until every queue was empty {total:F0} s ({verdict.Deployments / total:F2} deployments/s); check-run calls {github.CheckRunCallCount}, other GitHub calls {github.OtherCalls}"));
        Console.WriteLine(SoakMemory.Trend(samples, warmUp, s => s.RssMb, "gateway RSS"));
        Console.WriteLine(SoakMemory.Trend(samples, warmUp, s => s.HeapMb, "gateway managed heap"));
        if (memory.Error is not null)
        {
            Console.WriteLine($"(managed heap counters: {memory.Error})");
        }

        Console.WriteLine("memory samples (s, sent, finished, RSS MB, heap MB), one a minute:");
        foreach (var s in samples.Where((_, i) => i % 12 == 0).Append(samples[^1]))
        {
            Console.WriteLine(string.Create(c, $"  {s.Seconds,6:F0} {s.Sent,6} {s.Finished,6} {s.RssMb,7:F1} {s.HeapMb,7:F1}"));
        }

        Console.WriteLine($"load average at the end {ProcessMeter.LoadAverage()}");
        return verdict.Ok && answers.All(a => a.Status == 202) ? 0 : 1;
    }

    private static void Report(CultureInfo c, double seconds, ConcurrentQueue<(SoakPush Push, int Status, long Due, long Done)> answers, int finished, SoakMemory memory)
    {
        var latency = LatencySummary.Of(answers.Select(a => a.Done - a.Due));
        Console.WriteLine(string.Create(
            c,
            $"[{seconds,5:F0} s] answered {answers.Count} ({answers.Count(a => a.Status == 202)} × 202), deployments finished {finished}, gateway RSS {memory.RssMb():F1} MB, heap {memory.HeapMb:F1} MB, " +
            $"intake p50 {latency.P50:F1} ms p99 {latency.P99:F1} ms, load average {ProcessMeter.LoadAverage()}"));
    }

    private static async Task SendAsync(HttpClient http, Uri url, SoakDelivery delivery, long due, ConcurrentQueue<(SoakPush, int, long, long)> answers)
    {
        using var request = PushRequest.Create(url, delivery.Body, delivery.DeliveryId, delivery.Signature, "GitHub-Hookshot/soak");
        int status;
        try
        {
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException)
        {
            status = -1; // timed out
        }

        answers.Enqueue((delivery.Push, status, due, Stopwatch.GetTimestamp()));
    }
}
