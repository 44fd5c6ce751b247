using CsCheck;
using Neptune.Logs;
using static Neptune.Tests.Logs.LogTestKit;

namespace Neptune.Tests.Logs;

// Random single-threaded interleavings of writes, reads and completion, checked against a model of the
// rules: a reader replays kept lines a chunk at a time, goes live when a chunk reaches the end of the log,
// and is stopped with the notice when a line finds its live buffer full. A reader only pulls when a line
// is there for it, so every read completes synchronously and each run is deterministic.
public class JobLogReaderPropertyTests
{
    private const int Readers = 4;

    private sealed class ModelReader
    {
        public IAsyncEnumerator<string>? Enumerator;
        public readonly List<string> Read = [];
        public int ReplayEnd;          // kept lines copied so far (the replay cursor)
        public int? LiveFrom;          // the line count when it registered
        public int? StoppedAt;         // the line count when a line found its buffer full
    }

    [Fact]
    public void Readers_read_every_kept_line_once_in_order_or_stop_with_the_notice()
    {
        var op = Gen.Select(Gen.Int[0, 9], Gen.Int[0, Readers - 1], Gen.Int[1, 700]);
        Gen.Select(Gen.Int[1, 40], op.Array[1, 60]).Sample((capacity, ops) =>
        {
            var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = capacity });
            var written = new List<string>();
            var readers = Enumerable.Range(0, Readers).Select(_ => new ModelReader()).ToArray();

            foreach (var (kind, r, n) in ops)
            {
                if (kind <= 4 && !log.IsCompleted)
                {
                    for (var i = 0; i < n; i++)
                    {
                        Write(log, written, readers, capacity);
                    }
                }
                else if (kind <= 8)
                {
                    for (var i = 0; i < n && CanPull(readers[r], written.Count, log.IsCompleted); i++)
                    {
                        Pull(log, readers[r], written.Count);
                    }
                }
                else
                {
                    log.Complete();
                }

                Assert.Equal(readers.Count(m => m.LiveFrom is not null && m.StoppedAt is null && !log.IsCompleted), log.LiveReaderCount);
            }

            log.Complete();
            foreach (var reader in readers.Where(m => m.Enumerator is not null))
            {
                while (reader.Enumerator!.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    reader.Read.Add(reader.Enumerator.Current);
                }

                IEnumerable<string> expected = reader.StoppedAt is { } stop
                    ? [.. written.Take(stop), JobLog.FormatFellBehindNotice(capacity)]
                    : written;
                Assert.Equal(expected, reader.Read);
            }

            Assert.Equal(0, log.LiveReaderCount);
        });
    }

    private static void Write(JobLog log, List<string> written, ModelReader[] readers, int capacity)
    {
        foreach (var m in readers)
        {
            if (m.LiveFrom is { } from && m.StoppedAt is null)
            {
                // Its buffer holds the live lines it has not read yet.
                var buffered = written.Count - Math.Max(m.Read.Count, from);
                if (buffered == capacity)
                {
                    m.StoppedAt = written.Count;
                }
            }
        }

        var line = $"line {written.Count}";
        written.Add(line);
        log.WriteLine(line);
    }

    private static bool CanPull(ModelReader m, int count, bool completed) =>
        completed || (m.StoppedAt is { } stop ? m.Read.Count < stop : m.Read.Count < count);

    private static void Pull(JobLog log, ModelReader m, int count)
    {
        m.Enumerator ??= log.ReadAllAsync().GetAsyncEnumerator();
        if (m.LiveFrom is null && m.Read.Count == m.ReplayEnd)
        {
            // Its chunk is used up: it copies the next one, and registers if that reaches the end.
            m.ReplayEnd += Math.Min(count - m.ReplayEnd, JobLog.ReplayChunkLines);
            if (m.ReplayEnd == count && !log.IsCompleted)
            {
                m.LiveFrom = count;
            }
        }

        var pulled = m.Enumerator.MoveNextAsync();
        Assert.True(pulled.IsCompleted, "a read with a line waiting must not wait");
        if (pulled.GetAwaiter().GetResult())
        {
            m.Read.Add(m.Enumerator.Current);
        }
    }
}
