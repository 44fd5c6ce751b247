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
    public const int SchemaVersion = 1;

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
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

    /// <summary>Commits a target's new state (or its removal when <paramref name="state"/> is null), its outbox items and finished deployments together.</summary>
    /// <returns>The committed outbox items with their sequence numbers.</returns>
    public IReadOnlyList<OutboxItem> Commit(string target, string? state, IReadOnlyList<OutboxItem> outbox, IReadOnlyList<HistoryEntry> history)
    {
        lock (gate)
        {
            using var tx = connection.BeginTransaction();
            if (state is null)
            {
                Run(tx, "DELETE FROM targets WHERE id = $id;", ("$id", target));
            }
            else
            {
                Run(tx, "INSERT INTO targets (id, state) VALUES ($id, $state) ON CONFLICT(id) DO UPDATE SET state = excluded.state;", ("$id", target), ("$state", state));
            }

            var committed = new List<OutboxItem>(outbox.Count);
            foreach (var item in outbox)
            {
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO outbox (target, kind, payload) VALUES ($t, $k, $p) RETURNING seq;";
                cmd.Parameters.AddWithValue("$t", item.Target);
                cmd.Parameters.AddWithValue("$k", item.Kind.ToString());
                cmd.Parameters.AddWithValue("$p", item.Payload);
                committed.Add(item with { Sequence = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) });
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

            tx.Commit();
            commits++;
            return committed;
        }
    }

    /// <summary>Every saved target state, by target id.</summary>
    public IReadOnlyList<(string Target, string State)> LoadTargets()
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, state FROM targets ORDER BY id;";
            using var reader = cmd.ExecuteReader();
            var result = new List<(string, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1)));
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

    /// <summary>Marks outbox items delivered (or superseded by a later item that was delivered), in one transaction.</summary>
    public void Delivered(IReadOnlyList<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        lock (gate)
        {
            using var tx = connection.BeginTransaction();
            DeleteOutbox(tx, sequences);
            tx.Commit();
            commits++;
        }
    }

    /// <summary>Marks check-run publications delivered and remembers the run's id, in one transaction.</summary>
    public void CheckRunDelivered(IReadOnlyList<long> sequences, Guid deploymentId, int generation, long checkRunId)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        lock (gate)
        {
            using var tx = connection.BeginTransaction();
            Run(tx, "INSERT OR REPLACE INTO check_runs (deployment_id, generation, check_run_id) VALUES ($d, $g, $c);", ("$d", deploymentId.ToString()), ("$g", generation), ("$c", checkRunId));
            DeleteOutbox(tx, sequences);
            tx.Commit();
            commits++;
        }
    }

    private void DeleteOutbox(SqliteTransaction tx, IReadOnlyList<long> sequences)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM outbox WHERE seq = $s;";
        var parameter = cmd.Parameters.Add("$s", SqliteType.Integer);
        foreach (var sequence in sequences)
        {
            parameter.Value = sequence;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The id of a deployment's check run of one generation, if one was created.</summary>
    public long? CheckRunId(Guid deploymentId, int generation)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT check_run_id FROM check_runs WHERE deployment_id = $d AND generation = $g;";
            cmd.Parameters.AddWithValue("$d", deploymentId.ToString());
            cmd.Parameters.AddWithValue("$g", generation);
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
        lock (gate)
        {
            connection.Dispose();
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
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
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
}
