using Neptune.Logs;
using static Neptune.Tests.Logs.LogTestKit;

namespace Neptune.Tests.Logs;

public class JobLogConcurrencyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Readers_joining_at_random_points_of_a_running_writer_each_read_exactly_the_written_lines(int seed)
    {
        const int LineTotal = 20_000;
        const int ReaderTotal = 16;
        var random = new Random(seed);
        var lines = Numbered(0, LineTotal);
        var joinAt = Enumerable.Range(0, ReaderTotal).Select(_ => random.Next(LineTotal)).Order().ToArray();
        // Room for the whole log: this test is about order across the replay/live hand-over, not about limits.
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = LineTotal });
        var readers = new List<Task<List<string>>>();

        var writer = Task.Run(() =>
        {
            var next = 0;
            for (var i = 0; i < LineTotal; i++)
            {
                while (next < joinAt.Length && joinAt[next] == i)
                {
                    // The reader starts on another thread, so it really joins somewhere after line i.
                    readers.Add(Task.Run(() => log.ReadAllAsync().ReadToEndAsync()));
                    next++;
                }

                log.WriteLine(lines[i]);
            }

            log.Complete();
        });
        await writer;

        Assert.Equal(ReaderTotal, readers.Count);
        foreach (var reader in readers)
        {
            Assert.Equal(lines, await reader);
        }

        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public async Task Readers_joining_while_two_pumps_write_read_the_kept_lines_in_the_kept_order()
    {
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = 100_000 });
        using var start = new Barrier(3);
        var stdout = Task.Run(() => { start.SignalAndWait(); log.WriteAll(Numbered(0, 30_000).Select(l => "out " + l)); });
        var stderr = Task.Run(() => { start.SignalAndWait(); log.WriteAll(Numbered(0, 30_000).Select(l => "err " + l)); });
        start.SignalAndWait();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => log.ReadAllAsync().ReadToEndAsync())).ToArray();
        await Task.WhenAll(stdout, stderr);
        log.Complete();

        var kept = log.Lines();
        Assert.Equal(60_000, kept.Count);
        foreach (var reader in readers)
        {
            Assert.Equal(kept, await reader);
        }
    }
}
