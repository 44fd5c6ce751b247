using Microsoft.Data.Sqlite;
using Neptune.Hosting.InProcess.Journal;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>A journal Neptune cannot trust stops start-up with the file's name; it is never reset silently.</summary>
public sealed class JournalStartupTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private string JournalPath => Path.Combine(h.DataDir, "neptune.db");

    [Fact]
    public async Task Corrupt_journal_stops_start_up_naming_the_file_and_leaves_it_untouched()
    {
        await h.Neptune.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.WriteAllText(JournalPath, "this is not a database, it is a crash survivor's nightmare".PadRight(8192, '!'));
        var before = File.ReadAllBytes(JournalPath);

        var e = await Assert.ThrowsAsync<JournalException>(h.StartNeptuneAsync);

        Assert.Contains(JournalPath, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(JournalPath));
    }

    [Fact]
    public async Task Journal_from_a_newer_neptune_stops_start_up()
    {
        await h.Neptune.DisposeAsync();
        SqliteConnection.ClearAllPools();
        using (var c = new SqliteConnection($"Data Source={JournalPath}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {SqliteJournal.SchemaVersion + 1};";
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var e = await Assert.ThrowsAsync<JournalException>(h.StartNeptuneAsync);

        Assert.Contains(JournalPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
