using System.Globalization;
using Microsoft.Data.Sqlite;
using Neptune.Client;
using Neptune.Hosting.InProcess;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// One in-process Neptune over <see cref="InstantPorts"/> in a fresh temporary data dir: start it, submit merges,
/// wait until they finish, read the journal's counters, and delete everything on dispose.
/// </summary>
public sealed class InProcessRun : IAsyncDisposable
{
    private InProcessRun(string dataDir, InProcessNeptune engine)
    {
        DataDir = dataDir;
        Engine = engine;
    }

    public string DataDir { get; }

    public InProcessNeptune Engine { get; }

    /// <summary>Write transactions the journal has committed so far (state commits and outbox deliveries).</summary>
    public long JournalCommits => Engine.Journal.Commits;

    /// <summary>Starts an engine in a fresh temporary data dir, over <see cref="InstantPorts.Create"/> unless <paramref name="ports"/> says otherwise.</summary>
    public static async Task<InProcessRun> StartAsync(Func<InProcessOptions, InProcessPorts>? ports = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("neptune-bench-").FullName;
        var options = new InProcessOptions { DataDir = dataDir };
        var engine = new InProcessNeptune(options, (ports ?? InstantPorts.Create)(options));
        await engine.StartAsync().ConfigureAwait(false);
        return new InProcessRun(dataDir, engine);
    }

    /// <summary><paramref name="merges"/> per target for <paramref name="targets"/> targets, round by round, with distinct shas.</summary>
    public static RevisionRequest[] Merges(int targets, int merges)
    {
        var requests = new RevisionRequest[targets * merges];
        for (var m = 0; m < merges; m++)
        {
            for (var t = 0; t < targets; t++)
            {
                var n = (m * targets) + t;
                requests[n] = InstantPorts.Merge(Root(t), InstantPorts.Sha(n + 1));
            }
        }

        return requests;
    }

    public static string Root(int target) => "root-" + target.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Submits every request without waiting in between (each is posted to its target's mailbox in order before
    /// the call yields, so a target's merges queue in submission order), then awaits every receipt, i.e. every
    /// request committed to the journal.
    /// </summary>
    public async Task<Guid[]> SubmitAllAsync(RevisionRequest[] requests)
    {
        var pending = new Task<RevisionReceipt>[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            pending[i] = Engine.RequestRevisionAsync(requests[i]);
        }

        var receipts = await Task.WhenAll(pending).ConfigureAwait(false);
        var ids = new Guid[receipts.Length];
        for (var i = 0; i < receipts.Length; i++)
        {
            ids[i] = receipts[i].DeploymentId ?? throw new InvalidOperationException($"Request {i} was dropped: {receipts[i].DroppedReason}");
        }

        return ids;
    }

    /// <summary>
    /// Waits until each of <paramref name="ids"/> has finished. Asks about one deployment at a time (every
    /// <paramref name="pollMilliseconds"/> while it runs), so waiting adds one status query per poll, not one per id.
    /// </summary>
    public async Task WaitFinishedAsync(IEnumerable<Guid> ids, int pollMilliseconds, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        foreach (var id in ids)
        {
            DeploymentStatus status;
            while ((status = await Engine.GetDeploymentAsync(id).ConfigureAwait(false)).Stage != DeploymentStage.Finished)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Deployment {id} did not finish within {patience}; it is {status.Stage}.");
                }

                await Task.Delay(pollMilliseconds).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Throws unless every deployment finished with <see cref="RunOutcome.Succeeded"/>.</summary>
    public async Task VerifySucceededAsync(IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            var status = await Engine.GetDeploymentAsync(id).ConfigureAwait(false);
            if (status.Stage != DeploymentStage.Finished || status.Result?.Outcome != RunOutcome.Succeeded)
            {
                throw new InvalidOperationException($"Deployment {id} is {status.Stage} {status.Result?.Outcome}, not a succeeded apply.");
            }
        }
    }

    /// <summary>Journal facts read over a second connection: rows ever added to the outbox, rows still undelivered, and the mean target-state size.</summary>
    public (long OutboxInserted, long OutboxPending, double MeanStateChars) ReadJournal()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Engine.Options.JournalPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return (Long(connection, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);"),
            Long(connection, "SELECT count(*) FROM outbox;"),
            Convert.ToDouble(Scalar(connection, "SELECT coalesce(avg(length(state)), 0) FROM targets;"), CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until the outbox is empty (everything committed has been delivered); returns false after <paramref name="patience"/>.</summary>
    public async Task<bool> WaitOutboxDrainedAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (ReadJournal().OutboxPending > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    private static long Long(SqliteConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
