using System.Runtime.CompilerServices;
using Neptune.Logs;
using static Neptune.Tests.Logs.LogTestKit;

namespace Neptune.Tests.Logs;

public class JobLogReaderTests
{
    [Fact]
    public async Task A_reader_attached_mid_write_replays_the_kept_lines_then_reads_live_ones()
    {
        // More than two replay chunks, so the reader joins while lines keep arriving between its chunks.
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 2_500));
        var reader = log.ReadAllAsync().GetAsyncEnumerator();

        var first = reader.TakeReady(1_500);
        Assert.Equal(0, log.LiveReaderCount); // still replaying kept lines
        log.WriteAll(Numbered(2_500, 500));   // kept before the reader caught up: it replays them too
        var caughtUp = reader.TakeReady(1_500);
        Assert.Equal(1, log.LiveReaderCount); // registered together with its last replayed chunk
        log.WriteAll(Numbered(3_000, 1_000)); // live
        log.Complete();
        var live = reader.RestReady();
        await reader.DisposeAsync();

        Assert.Equal(Numbered(0, 4_000), first.Concat(caughtUp).Concat(live));
        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public async Task A_reader_waiting_for_lines_gets_each_as_it_is_written()
    {
        var log = new JobLog(JobId);
        await using var reader = log.ReadAllAsync().GetAsyncEnumerator();

        var next = reader.MoveNextAsync(); // registers, then waits: nothing written yet
        Assert.Equal(1, log.LiveReaderCount);
        Assert.False(next.IsCompleted);

        log.WriteLine("Refreshing state...");
        Assert.True(await next);
        Assert.Equal("Refreshing state...", reader.Current);

        log.WriteLine("Apply complete!");
        log.Complete();
        Assert.Equal(["Apply complete!"], reader.RestReady());
    }

    [Fact]
    public async Task A_reader_attached_after_completion_gets_every_line_then_ends()
    {
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 3_000));
        log.Complete();

        var lines = await log.ReadAllAsync().ReadToEndAsync();

        Assert.Equal(Numbered(0, 3_000), lines);
        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public async Task A_reader_of_an_empty_completed_log_ends_at_once()
    {
        var log = new JobLog(JobId);
        log.Complete();

        Assert.Empty(await log.ReadAllAsync().ReadToEndAsync());
    }

    [Fact]
    public async Task Completing_ends_live_readers_after_they_read_what_they_have()
    {
        var log = new JobLog(JobId);
        var readers = Enumerable.Range(0, 3).Select(_ => log.ReadAllAsync().GetAsyncEnumerator()).ToArray();
        var firsts = readers.Select(r => r.MoveNextAsync()).ToArray();
        Assert.Equal(3, log.LiveReaderCount);

        log.WriteAll(Numbered(0, 100));
        log.Complete();
        Assert.Equal(0, log.LiveReaderCount); // the log let go of them at once

        foreach (var (reader, first) in readers.Zip(firsts))
        {
            Assert.True(await first);
            var line0 = reader.Current;
            Assert.Equal(Numbered(0, 100), reader.RestReady().Prepend(line0));
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stalled_reader_never_blocks_the_writer_and_ends_with_the_notice()
    {
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = 100 });
        log.WriteLine("line 0");
        await using var stalled = log.ReadAllAsync().GetAsyncEnumerator();
        Assert.Equal(["line 0"], stalled.TakeReady(1)); // replayed; now live with an empty buffer
        Assert.Equal(1, log.LiveReaderCount);

        // On this very thread: had a write waited for the reader, the test would never get past this loop.
        log.WriteAll(Numbered(1, 100_000));
        Assert.Equal(100_001, log.LineCount);
        Assert.Equal(0, log.LiveReaderCount); // stopped and let go of on the first line that did not fit

        var rest = stalled.RestReady();
        Assert.Equal([.. Numbered(1, 100), JobLog.FormatFellBehindNotice(100)], rest);

        // The log itself lost nothing: a new reader replays it all.
        log.Complete();
        Assert.Equal(Numbered(0, 100_001), await log.ReadAllAsync().ReadToEndAsync());
    }

    [Fact]
    public async Task Only_the_reader_that_fell_behind_is_stopped()
    {
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = 10 });
        log.WriteLine("line 0");
        await using var slow = log.ReadAllAsync().GetAsyncEnumerator();
        await using var keepingUp = log.ReadAllAsync().GetAsyncEnumerator();
        // Both replay line 0 at once and are live with an empty buffer from here on.
        Assert.Equal(["line 0"], slow.TakeReady(1));
        Assert.Equal(["line 0"], keepingUp.TakeReady(1));
        var next = keepingUp.MoveNextAsync();

        foreach (var line in Numbered(1, 49))
        {
            log.WriteLine(line);
            Assert.True(await next);
            Assert.Equal(line, keepingUp.Current);
            next = keepingUp.MoveNextAsync();
        }

        log.Complete();
        Assert.False(await next);
        Assert.Equal([.. Numbered(1, 10), JobLog.FormatFellBehindNotice(10)], slow.RestReady());
    }

    [Fact]
    public async Task Cancelling_a_waiting_reader_ends_it_and_releases_it()
    {
        var log = new JobLog(JobId);
        log.WriteLine("line 0");
        using var cancellation = new CancellationTokenSource();
        var reader = log.ReadAllAsync(cancellation.Token).GetAsyncEnumerator();
        Assert.Equal(["line 0"], reader.TakeReady(1));
        var waiting = reader.MoveNextAsync();
        Assert.Equal(1, log.LiveReaderCount);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, log.LiveReaderCount);
        log.WriteLine("line 1"); // the writer goes on without it
        Assert.Equal(2, log.LineCount);
    }

    [Fact]
    public async Task A_token_given_to_the_enumerator_cancels_too_and_a_cancelled_replay_never_registers()
    {
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 3_000));
        using var cancellation = new CancellationTokenSource();
        var reader = log.ReadAllAsync().GetAsyncEnumerator(cancellation.Token); // as WithCancellation does
        Assert.Equal(Numbered(0, 1_024), reader.TakeReady(1_024));

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public async Task A_reader_that_never_has_to_wait_still_sees_its_token()
    {
        var log = new JobLog(JobId);
        log.WriteLine("line 0");
        using var cancellation = new CancellationTokenSource();
        var reader = log.ReadAllAsync(cancellation.Token).GetAsyncEnumerator();
        reader.TakeReady(1);
        log.WriteAll(Numbered(1, 10)); // buffered: the next reads need no wait

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        Assert.Equal(0, log.LiveReaderCount);
        Assert.Empty(reader.RestReady()); // a cancelled reader stays ended
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Either_token_cancels_when_both_are_given(bool cancelTheFirst)
    {
        var log = new JobLog(JobId);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var reader = log.ReadAllAsync(first.Token).WithCancellation(second.Token).GetAsyncEnumerator();
        var waiting = reader.MoveNextAsync();
        Assert.Equal(1, log.LiveReaderCount);

        await (cancelTheFirst ? first : second).CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public async Task Disposing_a_waiting_reader_ends_its_wait_and_releases_it()
    {
        var log = new JobLog(JobId);
        var reader = log.ReadAllAsync().GetAsyncEnumerator();
        var waiting = reader.MoveNextAsync();
        Assert.Equal(1, log.LiveReaderCount);

        await reader.DisposeAsync();

        Assert.False(await waiting);
        Assert.Equal(0, log.LiveReaderCount);
        log.WriteLine("after");
        Assert.Equal(1, log.LineCount);
    }

    [Fact]
    public async Task An_ended_reader_keeps_answering_that_it_ended()
    {
        var log = new JobLog(JobId);
        log.WriteLine("only");
        log.Complete();
        await using var reader = log.ReadAllAsync().GetAsyncEnumerator();

        Assert.Equal(["only"], reader.RestReady());
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task Leaving_a_reader_early_releases_it()
    {
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 10));
        var read = new List<string>();

        await foreach (var line in log.ReadAllAsync())
        {
            read.Add(line);
            if (read.Count == 10)
            {
                Assert.Equal(1, log.LiveReaderCount);
                break;
            }
        }

        Assert.Equal(0, log.LiveReaderCount);
        Assert.Equal(Numbered(0, 10), read);
    }

    [Fact]
    public async Task After_completion_and_draining_no_reader_is_registered()
    {
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = 50 });
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => log.ReadAllAsync().ReadToEndAsync())).ToArray();
        log.WriteAll(Numbered(0, 10_000));
        log.Complete();

        foreach (var lines in await Task.WhenAll(readers))
        {
            // Each either kept up or was stopped with the notice; never cut short without a word.
            Assert.True(
                lines.SequenceEqual(Numbered(0, 10_000)) ||
                (lines[^1] == JobLog.FormatFellBehindNotice(50) && lines[..^1].SequenceEqual(Numbered(0, lines.Count - 1))));
        }

        Assert.Equal(0, log.LiveReaderCount);
    }

    [Fact]
    public void An_abandoned_reader_of_a_completed_log_can_be_collected()
    {
        var log = new JobLog(JobId);
        log.WriteAll(Numbered(0, 1_100)); // more than one replay chunk
        var (live, replaying) = AbandonReaders(log);
        Assert.Equal(1, log.LiveReaderCount);

        log.Complete();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(live.IsAlive, "the log still references a reader it completed");
        Assert.False(replaying.IsAlive, "something still references a reader that never registered");
        GC.KeepAlive(log);
    }

    // Separate and not inlined, so no local of the test keeps the enumerators reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Live, WeakReference Replaying) AbandonReaders(JobLog log)
    {
        var live = log.ReadAllAsync().GetAsyncEnumerator();
        live.TakeReady(1_100); // caught up: registered for live lines, then never read again
        var replaying = log.ReadAllAsync().GetAsyncEnumerator();
        replaying.TakeReady(1); // still in its first chunk: not registered
        return (new WeakReference(live), new WeakReference(replaying));
    }
}
