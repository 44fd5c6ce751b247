using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Neptune.Model;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// End to end through the in-process host: <see cref="Deployments"/> auto-applied merges (<see cref="MergesPerTarget"/>
/// queued per target on <see cref="Targets"/> targets) over <see cref="InstantPorts"/>, real stores and the real SQLite
/// journal, from submission until every deployment reads Finished. The baseline does only what the journal must
/// store: the same number of single-row SQLite transactions on a WAL connection set up like the journal's.
/// Each iteration starts a fresh engine in a fresh data dir; per-iteration journal counters are printed by the cleanup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class InProcessHostBenchmarks
{
    public const int Targets = 100;
    public const int MergesPerTarget = 10;
    public const int Deployments = Targets * MergesPerTarget;

    /// <summary>
    /// Journal write transactions per deployment in this scenario (state commits plus outbox deliveries), as
    /// measured by <see cref="Engine"/>'s counters (printed per iteration: 18.2 once the outbox has drained, of
    /// which about 15 are outbox deliveries); the baseline commits this many per deployment.
    /// </summary>
    public const int JournalCommitsPerDeployment = 18;

    /// <summary>Size of a baseline row: about a target state snapshot in this scenario (also printed per iteration).</summary>
    public const int RowChars = 1024;

    private const int PollMilliseconds = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private RevisionRequest[] requests = [];
    private InProcessRun? run;
    private Guid[] ids = [];
    private long commits;
    private TimeSpan elapsed;

    private string floorDir = string.Empty;
    private SqliteConnection? floor;
    private readonly string row = new('x', RowChars);

    [GlobalSetup]
    public void Setup() => requests = InProcessRun.Merges(Targets, MergesPerTarget);

    [IterationSetup(Target = nameof(Engine))]
    public void StartEngine() => run = InProcessRun.StartAsync().GetAwaiter().GetResult();

    /// <summary>1,000 merges submitted at once, awaited until all are Finished; time and allocations per deployment.</summary>
    [Benchmark(OperationsPerInvoke = Deployments)]
    public async Task Engine()
    {
        var engine = run!;
        var before = engine.JournalCommits;
        var clock = Stopwatch.StartNew();
        ids = await engine.SubmitAllAsync(requests).ConfigureAwait(false);

        // A target's merges run in queue order, so its last merge finishes last: wait for those only.
        await engine.WaitFinishedAsync(ids.AsSpan(ids.Length - Targets).ToArray(), PollMilliseconds, Patience).ConfigureAwait(false);
        elapsed = clock.Elapsed;
        commits = engine.JournalCommits - before;
    }

    [IterationCleanup(Target = nameof(Engine))]
    public void StopEngine()
    {
        var engine = run!;
        run = null;
        try
        {
            engine.VerifySucceededAsync(ids).GetAwaiter().GetResult();
            var atFinish = engine.ReadJournal();
            var drainClock = Stopwatch.StartNew();
            var drained = engine.WaitOutboxDrainedAsync(Patience).GetAwaiter().GetResult();
            var drain = drainClock.Elapsed;
            var total = engine.JournalCommits;
            var all = engine.ReadJournal();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"# InProcess counters: {Deployments} deployments in {elapsed.TotalMilliseconds:F0} ms; journal commits until all finished {commits} ({(double)commits / Deployments:F2}/deployment, {commits / elapsed.TotalSeconds:F0}/s); " +
                $"outbox rows until finished {atFinish.OutboxInserted} ({(double)atFinish.OutboxInserted / Deployments:F2}/deployment), undelivered at finish {atFinish.OutboxPending}; " +
                $"drained={drained} after {drain.TotalMilliseconds:F0} ms more, total commits {total} ({(double)total / Deployments:F2}/deployment), outbox rows {all.OutboxInserted}; mean target state {atFinish.MeanStateChars:F0} chars"));
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [IterationSetup(Target = nameof(SqliteFloor))]
    public void OpenFloor()
    {
        floorDir = Directory.CreateTempSubdirectory("neptune-bench-floor-").FullName;
        floor = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(floorDir, "floor.db"), Pooling = false }.ToString());
        floor.Open();
        using var cmd = floor.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
            CREATE TABLE targets (id TEXT PRIMARY KEY, state TEXT NOT NULL);
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The storage floor: <see cref="JournalCommitsPerDeployment"/> single-row transactions per deployment (an upsert of a
    /// <see cref="RowChars"/>-char state, round robin over the targets), one prepared command, no engine.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Deployments)]
    public void SqliteFloor()
    {
        var connection = floor!;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO targets (id, state) VALUES ($id, $state) ON CONFLICT(id) DO UPDATE SET state = excluded.state;";
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        cmd.Parameters.AddWithValue("$state", row);
        cmd.Prepare();
        var roots = new string[Targets];
        for (var t = 0; t < Targets; t++)
        {
            roots[t] = InProcessRun.Root(t);
        }

        for (var n = 0; n < Deployments * JournalCommitsPerDeployment; n++)
        {
            using var tx = connection.BeginTransaction();
            cmd.Transaction = tx;
            id.Value = roots[n % Targets];
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    [IterationCleanup(Target = nameof(SqliteFloor))]
    public void CloseFloor()
    {
        floor?.Dispose();
        floor = null;
        Directory.Delete(floorDir, recursive: true);
    }
}
