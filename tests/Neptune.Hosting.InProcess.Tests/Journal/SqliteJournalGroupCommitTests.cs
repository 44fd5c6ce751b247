using Neptune.Hosting.InProcess.Journal;

namespace Neptune.Hosting.InProcess.Tests.Journal;

public sealed class SqliteJournalGroupCommitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neptune-journal-").FullName;

    private string JournalPath => Path.Combine(_dir, "neptune.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Concurrent_commits_of_many_targets_are_all_durable_with_distinct_sequences_in_each_targets_order()
    {
        const int targets = 20, commitsPerTarget = 25;
        using (var journal = SqliteJournal.Open(JournalPath))
        {
            // Each target commits one after another (as its coordinator does); the targets race each other.
            await Task.WhenAll(Enumerable.Range(0, targets).Select(t => Task.Run(async () =>
            {
                for (var n = 0; n < commitsPerTarget; n++)
                {
                    var committed = await journal.CommitAsync($"acme/r{t}||root", $"state {n}", [Item(t, n, "a"), Item(t, n, "b")], []);
                    Assert.Equal(2, committed.Count);
                    Assert.True(committed[0].Sequence > 0 && committed[1].Sequence > committed[0].Sequence);
                }
            })));

        }

        using var reopened = SqliteJournal.Open(JournalPath);
        var states = reopened.LoadTargets();
        Assert.Equal(targets, states.Count);
        Assert.All(states, s => Assert.Equal($"state {commitsPerTarget - 1}", s.State));

        var outbox = reopened.LoadOutbox();
        Assert.Equal(targets * commitsPerTarget * 2, outbox.Count);
        Assert.Equal(outbox.Count, outbox.Select(o => o.Sequence).Distinct().Count());
        foreach (var target in outbox.GroupBy(o => o.Target))
        {
            // Commit order of one target survives in sequence order: n0a, n0b, n1a, n1b, ...
            var expected = Enumerable.Range(0, commitsPerTarget).SelectMany(n => new[] { $"{n}a", $"{n}b" });
            Assert.Equal(expected, target.OrderBy(o => o.Sequence).Select(o => o.Payload));
        }

        await reopened.DeliveredAsync([.. outbox.Select(o => o.Sequence)]);
        Assert.Empty(reopened.LoadOutbox());
    }

    [Fact]
    public async Task A_target_removed_and_check_runs_recorded_in_the_same_groups_are_kept()
    {
        using var journal = SqliteJournal.Open(JournalPath);
        var deployment = Guid.NewGuid();
        var first = await journal.CommitAsync("acme/a||x", "s", [Item(0, 0, "a")], [new HistoryEntry(deployment, "acme/a||x", DateTimeOffset.UnixEpoch, "Succeeded", "{}")]);
        await Task.WhenAll(
            journal.CommitAsync("acme/a||x", null, [], []),
            journal.CheckRunDeliveredAsync([first[0].Sequence], deployment, 1, 4242),
            journal.CommitAsync("acme/b||y", "t", [], []));

        Assert.Equal([("acme/b||y", "t")], journal.LoadTargets().Select(t => (t.Target, t.State)));
        Assert.Equal(4242, journal.CheckRunId(deployment, 1));
        Assert.Empty(journal.LoadOutbox());
        Assert.Equal("Succeeded", journal.History(deployment)?.Outcome);
    }

    [Fact]
    public async Task Writes_after_the_journal_is_closed_are_refused()
    {
        var journal = SqliteJournal.Open(JournalPath);
        journal.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.CommitAsync("acme/a||x", "s", [], []));
    }

    private static OutboxItem Item(int target, int n, string suffix) => new(0, $"acme/r{target}||root", OutboxKind.Audit, $"{n}{suffix}");
}
