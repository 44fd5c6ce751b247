using System.Text;
using Neptune.Logs;
using static Neptune.Tests.Logs.LogTestKit;

namespace Neptune.Tests.Logs;

public class JobLogPersistTests
{
    // Multi-byte characters, a surrogate pair, empty lines, and a lone surrogate (saved as U+FFFD).
    private static readonly string[] Varied =
    [
        "Initializing the backend...",
        "",
        "  # aws_s3_bucket.logs will be créé",
        "🚀 Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
        "broken \ud83d pair",
        "",
        new string('x', 200_000),
        "ünïcödé ✓ 日本語",
    ];

    private static byte[] Utf8Text(IEnumerable<string> lines) =>
        Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(4_096)]
    [InlineData(81_920)]
    public async Task Persist_hands_the_store_each_line_and_a_newline_as_UTF8_whatever_the_read_size(int readSize)
    {
        var log = new JobLog(JobId);
        log.WriteAll(Varied);
        log.Complete();
        var store = new InMemoryJobLogStore(readSize);

        await log.PersistAsync(store, CancellationToken.None);

        Assert.Equal(Utf8Text(Varied), store.Logs[JobId]);
        Assert.Contains("broken \ufffd pair\n", Encoding.UTF8.GetString(store.Logs[JobId]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persist_of_many_lines_matches_the_kept_lines_and_can_be_read_back()
    {
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 50_000));
        log.Complete();
        var store = new InMemoryJobLogStore(readSize: 1_000);

        await log.PersistAsync(store, CancellationToken.None);

        await using var saved = await store.OpenAsync(JobId, CancellationToken.None);
        using var text = new StreamReader(saved!, Encoding.UTF8);
        var lines = new List<string>();
        while (await text.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(Numbered(0, 50_000), lines);
    }

    [Fact]
    public async Task An_empty_log_persists_as_empty_text()
    {
        var log = new JobLog(JobId);
        log.Complete();
        var store = new InMemoryJobLogStore();

        await log.PersistAsync(store, CancellationToken.None);

        Assert.Empty(store.Logs[JobId]);
    }

    [Fact]
    public async Task Persist_before_completion_throws_and_saves_nothing()
    {
        var log = new JobLog(JobId);
        log.WriteLine("still running");
        var store = new InMemoryJobLogStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => log.PersistAsync(store, CancellationToken.None));

        Assert.Equal(0, store.Saves);
    }

    [Fact]
    public async Task Redacted_lines_reach_no_buffer_no_reader_and_no_persisted_text()
    {
        var options = new JobLogOptions { RedactionPatterns = { "(?i)secret", @"token=\w+" } };
        var log = new JobLog(JobId, options);
        var live = log.ReadAllAsync().GetAsyncEnumerator();
        var first = live.MoveNextAsync();
        string[] written = ["plan: 1 to add", "SECRET_KEY=abc", "auth token=deadbeef", "token= (empty)", "done"];
        string[] kept = ["plan: 1 to add", "token= (empty)", "done"];

        log.WriteAll(written);
        log.Complete();

        Assert.Equal(kept, log.Lines());
        Assert.True(await first);
        var line0 = live.Current;
        Assert.Equal(kept, live.RestReady().Prepend(line0));
        Assert.Equal(kept, await log.ReadAllAsync().ReadToEndAsync());
        var store = new InMemoryJobLogStore();
        await log.PersistAsync(store, CancellationToken.None);
        Assert.Equal(Utf8Text(kept), store.Logs[JobId]);
    }
}
