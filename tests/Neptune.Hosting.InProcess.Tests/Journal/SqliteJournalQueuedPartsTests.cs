using Microsoft.Data.Sqlite;
using Neptune.Hosting.InProcess.Journal;

namespace Neptune.Hosting.InProcess.Tests.Journal;

/// <summary>Queued deployments kept one part each beside the target's head: a commit writes only what changed.</summary>
public sealed class SqliteJournalQueuedPartsTests : IDisposable
{
    private const string Target = "acme/infra||network";
    private readonly string _dir = Directory.CreateTempSubdirectory("neptune-journal-").FullName;
    private readonly Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid();

    private string JournalPath => Path.Combine(_dir, "neptune.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Parts_keep_queue_order_through_updates_additions_and_removals_and_survive_a_reopen()
    {
        using (var journal = SqliteJournal.Open(JournalPath))
        {
            await journal.CommitAsync(Target, "head 1", QueuedChanges.ReplaceWith([Part(a, "a1"), Part(b, "b1"), Part(c, "c1")]), [], []);

            // b's check run changed (updated in place), d joined, a left (popped).
            await journal.CommitAsync(Target, "head 2", new QueuedChanges([Part(b, "b2"), Part(d, "d1")], [a], ReplaceAll: false), [], []);
        }

        using var reopened = SqliteJournal.Open(JournalPath);
        var saved = Assert.Single(reopened.LoadTargets());
        Assert.Equal((Target, "head 2"), (saved.Target, saved.State));
        Assert.Equal(["b2", "c1", "d1"], saved.Queued);
    }

    [Fact]
    public async Task Replacing_all_parts_drops_the_old_ones_and_removing_the_target_drops_its_parts()
    {
        using var journal = SqliteJournal.Open(JournalPath);
        await journal.CommitAsync(Target, "head", QueuedChanges.ReplaceWith([Part(a, "a1"), Part(b, "b1")]), [], []);
        await journal.CommitAsync("acme/infra||dns", "other", QueuedChanges.ReplaceWith([Part(c, "c1")]), [], []);

        await journal.CommitAsync(Target, "head", QueuedChanges.ReplaceWith([Part(b, "b1"), Part(d, "d1")]), [], []);
        Assert.Equal(["b1", "d1"], journal.LoadTargets().Single(t => t.Target == Target).Queued);

        // A whole snapshot (the plain overload) leaves no parts behind either.
        await journal.CommitAsync(Target, "whole", [], []);
        Assert.Empty(journal.LoadTargets().Single(t => t.Target == Target).Queued);

        var parts = await LeftoverPartsAsync("acme/infra||dns");
        await journal.CommitAsync("acme/infra||dns", null, QueuedChanges.ReplaceWith([]), [], []);
        Assert.Equal([Target], journal.LoadTargets().Select(t => t.Target));
        Assert.Equal(["c1"], parts);
        Assert.Empty(await LeftoverPartsAsync("acme/infra||dns"));
    }

    [Fact]
    public async Task A_version_1_journal_is_upgraded_in_place_and_its_whole_states_read_back()
    {
        using (var v1 = new SqliteConnection($"Data Source={JournalPath};Pooling=False"))
        {
            v1.Open();
            using var cmd = v1.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE targets (id TEXT PRIMARY KEY, state TEXT NOT NULL);
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);
                CREATE TABLE check_runs (deployment_id TEXT NOT NULL, generation INTEGER NOT NULL, check_run_id INTEGER NOT NULL, PRIMARY KEY (deployment_id, generation));
                CREATE TABLE history (deployment_id TEXT PRIMARY KEY, target TEXT NOT NULL, finished_at TEXT NOT NULL, outcome TEXT NOT NULL, snapshot TEXT NOT NULL);
                INSERT INTO targets (id, state) VALUES ('acme/infra||network', 'whole state with its queue');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }

        using var journal = SqliteJournal.Open(JournalPath);

        var saved = Assert.Single(journal.LoadTargets());
        Assert.Equal(("whole state with its queue", 0), (saved.State, saved.Queued.Count));
        await journal.CommitAsync(Target, "head", QueuedChanges.ReplaceWith([Part(a, "a1")]), [], []);
        Assert.Equal(["a1"], journal.LoadTargets().Single().Queued);
        using var check = new SqliteConnection($"Data Source={JournalPath};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteJournal.SchemaVersion, version.ExecuteScalar());
    }

    private static QueuedPart Part(Guid id, string json) => new(id, json);

    /// <summary>Parts still stored for a target (read straight from the file): none once the target is removed.</summary>
    private async Task<List<string>> LeftoverPartsAsync(string target)
    {
        await using var c = new SqliteConnection($"Data Source={JournalPath};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT part FROM queued WHERE target = $t;";
        cmd.Parameters.AddWithValue("$t", target);
        var parts = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            parts.Add(reader.GetString(0));
        }

        return parts;
    }
}
