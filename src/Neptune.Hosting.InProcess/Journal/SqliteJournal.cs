using Microsoft.Data.Sqlite;

namespace Neptune.Hosting.InProcess.Journal;

/// <summary>
/// The in-process host's durable memory: one SQLite file (WAL) holding each live target's state snapshot,
/// the outbox of side effects, check-run ids and finished deployments. A state change and the effects it
/// causes are committed in one transaction, so a crash leaves either both or neither.
/// Thread-safe: one connection behind a lock (SQLite has one writer anyway).
/// </summary>
public sealed class SqliteJournal : IDisposable
{
    /// <summary>Schema version this Neptune writes (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 2;

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    // Group commit: writes waiting for the next transaction, and whether a writer is at work.
    private readonly Lock queueGate = new();
    private List<IPendingWrite> pending = [];
    private bool writing;
    private bool disposed;
    private long commits;

    private SqliteJournal(string path, SqliteConnection connection)
    {
        Path = path;
        this.connection = connection;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Write transactions committed since open (state commits and outbox deliveries), for benchmarks.</summary>
    internal long Commits => Interlocked.Read(ref commits);

    /// <summary>Opens (creating if absent) the journal at <paramref name="path"/>.</summary>
    /// <exception cref="JournalException">The file is corrupt, not a database, or from a newer Neptune; the message names the file.</exception>
    public static SqliteJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new JournalException($"The journal {path} has schema version {version}, written by a newer Neptune (this one reads up to {SchemaVersion}). Upgrade Neptune, or point Neptune:DataDir elsewhere; the file was left untouched.");
            }

            var check = Convert.ToString(Scalar(connection, "PRAGMA quick_check;"), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new JournalException($"The journal {path} is damaged ({check}). Restore it from a backup; Neptune does not reset it, so no queued revision is silently lost.");
            }

            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            if (version == 0)
            {
                Execute(connection, """
                    CREATE TABLE IF NOT EXISTS targets (id TEXT PRIMARY KEY, state TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS check_runs (deployment_id TEXT NOT NULL, generation INTEGER NOT NULL, check_run_id INTEGER NOT NULL, PRIMARY KEY (deployment_id, generation));
                    CREATE TABLE IF NOT EXISTS history (deployment_id TEXT PRIMARY KEY, target TEXT NOT NULL, finished_at TEXT NOT NULL, outcome TEXT NOT NULL, snapshot TEXT NOT NULL);
                    CREATE INDEX IF NOT EXISTS history_by_target ON history (target, finished_at);
                    PRAGMA user_version = 1;
                    """);
            }

            if (version < 2)
            {
                // Version 2: queued deployments each in their own row, in queue order (seq), beside the target's head
                // state. Targets written by version 1 keep their whole state in `targets` until their next commit.
                Execute(connection, """
                    BEGIN;
                    CREATE TABLE IF NOT EXISTS queued (seq INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, deployment_id TEXT NOT NULL UNIQUE, part TEXT NOT NULL);
                    CREATE INDEX IF NOT EXISTS queued_by_target ON queued (target, seq);
                    PRAGMA user_version = 2;
                    COMMIT;
                    """);
            }

            return new SqliteJournal(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new JournalException($"The journal {path} cannot be opened: {e.Message}. If it is damaged, restore it from a backup; Neptune does not reset it.", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Commits a target's whole new state (or its removal when <paramref name="state"/> is null), its outbox items and
    /// finished deployments together; queued deployments kept in parts for the target are replaced by none.
    /// </summary>
    /// <returns>The committed outbox items with their sequence numbers, once the transaction is committed.</returns>
    public Task<IReadOnlyList<OutboxItem>> CommitAsync(string target, string? state, IReadOnlyList<OutboxItem> outbox, IReadOnlyList<HistoryEntry> history) =>
        CommitAsync(target, state, QueuedChanges.ReplaceWith([]), outbox, history);

    /// <summary>
    /// Commits a target's new head state (or its removal, queued parts included, when <paramref name="head"/> is null),
    /// the changes to its queued deployments' parts, its outbox items and finished deployments together. Writes that
    /// arrive while another is being written are committed together in the next transaction (group commit), so many
    /// targets accepting revisions at once share a few transactions.
    /// </summary>
    /// <returns>The committed outbox items with their sequence numbers, once the transaction is committed.</returns>
    public Task<IReadOnlyList<OutboxItem>> CommitAsync(string target, string? head, QueuedChanges queued, IReadOnlyList<OutboxItem> outbox, IReadOnlyList<HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(history);

        // The caller reuses its lists after the commit: the write works on copies.
        OutboxItem[] items = [.. outbox];
        HistoryEntry[] finished = [.. history];
        return WriteAsync<IReadOnlyList<OutboxItem>>(tx => WriteState(tx, target, head, queued, items, finished));
    }

    /// <summary>Marks outbox items delivered (or superseded by a later item that was delivered).</summary>
    public Task DeliveredAsync(IReadOnlyList<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        long[] copy = [.. sequences];
        return WriteAsync<object?>(tx =>
        {
            DeleteOutbox(tx, copy);
            return null;
        });
    }

    /// <summary>Marks check-run publications delivered and remembers the run's id, in one transaction.</summary>
    public Task CheckRunDeliveredAsync(IReadOnlyList<long> sequences, Guid deploymentId, int generation, long checkRunId)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        long[] copy = [.. sequences];
        return WriteAsync<object?>(tx =>
        {
            Run(tx, "INSERT OR REPLACE INTO check_runs (deployment_id, generation, check_run_id) VALUES ($d, $g, $c);", ("$d", deploymentId.ToString()), ("$g", generation), ("$c", checkRunId));
            DeleteOutbox(tx, copy);
            return null;
        });
    }

    private IReadOnlyList<OutboxItem> WriteState(SqliteTransaction tx, string target, string? head, QueuedChanges queued, OutboxItem[] outbox, HistoryEntry[] history)
    {
        if (head is null)
        {
            Run(tx, "DELETE FROM targets WHERE id = $id;", ("$id", target));
            Run(tx, "DELETE FROM queued WHERE target = $t;", ("$t", target));
        }
        else
        {
            Run(tx, "INSERT INTO targets (id, state) VALUES ($id, $state) ON CONFLICT(id) DO UPDATE SET state = excluded.state;", ("$id", target), ("$state", head));
            WriteQueued(tx, target, queued);
        }

        var committed = new OutboxItem[outbox.Length];
        for (var i = 0; i < outbox.Length; i++)
        {
            var item = outbox[i];
            var cmd = Prepared(tx, "INSERT INTO outbox (target, kind, payload) VALUES ($t, $k, $p) RETURNING seq;", "$t", "$k", "$p");
            cmd.Parameters[0].Value = item.Target;
            cmd.Parameters[1].Value = item.Kind.ToString();
            cmd.Parameters[2].Value = item.Payload;
            committed[i] = item with { Sequence = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) };
        }

        foreach (var h in history)
        {
            Run(
                tx,
                "INSERT OR REPLACE INTO history (deployment_id, target, finished_at, outcome, snapshot) VALUES ($d, $t, $f, $o, $s);",
                ("$d", h.DeploymentId.ToString()),
                ("$t", h.Target),
                ("$f", h.FinishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                ("$o", h.Outcome),
                ("$s", h.Snapshot));
        }

        return committed;
    }

    private void WriteQueued(SqliteTransaction tx, string target, QueuedChanges queued)
    {
        if (queued.ReplaceAll)
        {
            Run(tx, "DELETE FROM queued WHERE target = $t;", ("$t", target));
        }

        foreach (var id in queued.Removed)
        {
            Run(tx, "DELETE FROM queued WHERE deployment_id = $d;", ("$d", id.ToString()));
        }

        // An update keeps the row's seq, so the rows keep queue order: deployments only ever join a lane at its end.
        var upsert = Prepared(tx, "INSERT INTO queued (target, deployment_id, part) VALUES ($t, $d, $p) ON CONFLICT(deployment_id) DO UPDATE SET part = excluded.part;", "$t", "$d", "$p");
        foreach (var part in queued.Upserted)
        {
            upsert.Parameters[0].Value = target;
            upsert.Parameters[1].Value = part.DeploymentId.ToString();
            upsert.Parameters[2].Value = part.Json;
            upsert.ExecuteNonQuery();
        }
    }

    private Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write)
    {
        var pendingWrite = new PendingWrite<T>(write);
        bool lead;
        lock (queueGate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            pending.Add(pendingWrite);
            lead = !writing;
            writing = true;
        }

        if (lead)
        {
            // The first writer writes its own group on its own thread (no hand-off for a lone write); writes that
            // queued meanwhile go to the thread pool so no caller keeps writing others' groups indefinitely.
            WriteNextGroup();
            HandOff();
        }

        return pendingWrite.Done.Task;
    }

    private void HandOff()
    {
        lock (queueGate)
        {
            if (pending.Count == 0)
            {
                writing = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            journal =>
            {
                journal.WriteNextGroup();
                journal.HandOff();
            },
            this,
            preferLocal: false);
    }

    private void WriteNextGroup()
    {
        List<IPendingWrite> group;
        lock (queueGate)
        {
            group = pending;
            pending = [];
        }

        if (group.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            if (TryWriteTogether(group))
            {
                return;
            }

            // One write failed the group: write each alone so the others are not refused with it.
            foreach (var write in group)
            {
                TryWriteTogether([write]);
            }
        }
    }

    private bool TryWriteTogether(List<IPendingWrite> group)
    {
        try
        {
            using var tx = connection.BeginTransaction();
            foreach (var write in group)
            {
                write.Write(tx);
            }

            tx.Commit();
            commits++;
        }
        catch (Exception e) when (group.Count > 1 && e is SqliteException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
        catch (Exception e)
        {
            foreach (var write in group)
            {
                write.Fail(e);
            }

            return true;
        }

        foreach (var write in group)
        {
            write.Complete();
        }

        return true;
    }

    /// <summary>Every saved target state, by target id: its head and its queued deployments' parts in queue order.</summary>
    public IReadOnlyList<SavedTarget> LoadTargets()
    {
        lock (gate)
        {
            var parts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            using (var queued = connection.CreateCommand())
            {
                queued.CommandText = "SELECT target, part FROM queued ORDER BY seq;";
                using var reader = queued.ExecuteReader();
                while (reader.Read())
                {
                    var target = reader.GetString(0);
                    if (!parts.TryGetValue(target, out var list))
                    {
                        parts[target] = list = [];
                    }

                    list.Add(reader.GetString(1));
                }
            }

            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, state FROM targets ORDER BY id;";
            using var targets = cmd.ExecuteReader();
            var result = new List<SavedTarget>();
            while (targets.Read())
            {
                var id = targets.GetString(0);
                result.Add(new SavedTarget(id, targets.GetString(1), parts.TryGetValue(id, out var list) ? list : []));
            }

            return result;
        }
    }

    /// <summary>Undelivered outbox items in commit order.</summary>
    public IReadOnlyList<OutboxItem> LoadOutbox()
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT seq, target, kind, payload FROM outbox ORDER BY seq;";
            using var reader = cmd.ExecuteReader();
            var result = new List<OutboxItem>();
            while (reader.Read())
            {
                result.Add(new OutboxItem(reader.GetInt64(0), reader.GetString(1), Enum.Parse<OutboxKind>(reader.GetString(2)), reader.GetString(3)));
            }

            return result;
        }
    }

    private void DeleteOutbox(SqliteTransaction tx, long[] sequences)
    {
        var cmd = Prepared(tx, "DELETE FROM outbox WHERE seq = $s;", "$s");
        foreach (var sequence in sequences)
        {
            cmd.Parameters[0].Value = sequence;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The id of a deployment's check run of one generation, if one was created.</summary>
    public long? CheckRunId(Guid deploymentId, int generation)
    {
        lock (gate)
        {
            // Asked once per check-run delivery: prepared once, like the writes.
            var cmd = Prepared(null, "SELECT check_run_id FROM check_runs WHERE deployment_id = $d AND generation = $g;", "$d", "$g");
            cmd.Parameters[0].Value = deploymentId.ToString();
            cmd.Parameters[1].Value = generation;
            return cmd.ExecuteScalar() is long id ? id : null;
        }
    }

    /// <summary>A finished deployment, if known.</summary>
    public HistoryEntry? History(Guid deploymentId)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT deployment_id, target, finished_at, outcome, snapshot FROM history WHERE deployment_id = $d;";
            cmd.Parameters.AddWithValue("$d", deploymentId.ToString());
            using var reader = cmd.ExecuteReader();
            return reader.Read() ? ReadHistory(reader) : null;
        }
    }

    /// <summary>The most recent finished deployments, newest first, optionally of one target.</summary>
    public IReadOnlyList<HistoryEntry> RecentHistory(int count, string? target = null)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = target is null
                ? "SELECT deployment_id, target, finished_at, outcome, snapshot FROM history ORDER BY finished_at DESC LIMIT $n;"
                : "SELECT deployment_id, target, finished_at, outcome, snapshot FROM history WHERE target = $t ORDER BY finished_at DESC LIMIT $n;";
            cmd.Parameters.AddWithValue("$n", count);
            if (target is not null)
            {
                cmd.Parameters.AddWithValue("$t", target);
            }

            using var reader = cmd.ExecuteReader();
            var result = new List<HistoryEntry>();
            while (reader.Read())
            {
                result.Add(ReadHistory(reader));
            }

            return result;
        }
    }

    /// <summary>
    /// Reads the journal file through a fresh read-only connection and returns how many targets it holds: proves the
    /// file is still there and readable, which the open connection alone would not (it keeps a deleted file alive).
    /// </summary>
    /// <exception cref="SqliteException">The file is missing, unreadable or not a journal.</exception>
    internal long Probe()
    {
        var text = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var probe = new SqliteConnection(text);
        probe.Open();
        return Convert.ToInt64(Scalar(probe, "SELECT count(*) FROM targets;"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        List<IPendingWrite> unwritten;
        lock (queueGate)
        {
            disposed = true;
            unwritten = pending;
            pending = [];
        }

        lock (gate)
        {
            foreach (var cmd in commands.Values)
            {
                cmd.Dispose();
            }

            commands.Clear();
            connection.Dispose();
        }

        foreach (var write in unwritten)
        {
            write.Fail(new ObjectDisposedException(nameof(SqliteJournal), "The journal was closed before this write."));
        }
    }

    private static HistoryEntry ReadHistory(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
        reader.GetString(3),
        reader.GetString(4));

    private void Run(SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = Prepared(tx, sql, [.. parameters.Select(p => p.Name)]);
        for (var i = 0; i < parameters.Length; i++)
        {
            cmd.Parameters[i].Value = parameters[i].Value;
        }

        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The command for <paramref name="sql"/>, created and prepared once: SQLite then parses each statement once
    /// instead of on every write (parsing was a large share of a commit's cost).
    /// </summary>
    private SqliteCommand Prepared(SqliteTransaction? tx, string sql, params string[] parameterNames)
    {
        if (!commands.TryGetValue(sql, out var cmd))
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var name in parameterNames)
            {
                cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            commands[sql] = cmd;
        }

        cmd.Transaction = tx;
        return cmd;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private interface IPendingWrite
    {
        void Write(SqliteTransaction tx);

        void Complete();

        void Fail(Exception e);
    }

    /// <summary>A write waiting for its group's transaction, and the caller waiting for its commit.</summary>
    private sealed class PendingWrite<T>(Func<SqliteTransaction, T> write) : IPendingWrite
    {
        private T? result;

        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Write(SqliteTransaction tx) => result = write(tx);

        public void Complete() => Done.TrySetResult(result!);

        public void Fail(Exception e) => Done.TrySetException(e);
    }
}
