using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Neptune.Logs;

/// <summary>Where one <see cref="JobLog.ReadAllAsync"/> enumeration is: replaying kept lines, live, or ended.</summary>
internal enum ReaderPhase
{
    /// <summary>Copying kept lines, a chunk at a time; not yet registered with the writer.</summary>
    Replaying,

    /// <summary>Registered with the writer: every line written from now on goes to its channel.</summary>
    Live,

    /// <summary>Caught up with a log that had already completed: nothing more will come.</summary>
    Ended,
}

/// <summary>The state of one reader of a <see cref="JobLog"/>: its replay cursor and its own bounded buffer.</summary>
/// <remarks>
/// Only the enumeration that created it references it, plus the log while it is <see cref="ReaderPhase.Live"/>;
/// the log lets go when the reader falls behind, is cancelled or disposed, or the log completes.
/// </remarks>
internal sealed class JobLogReader
{
    private readonly Channel<string> _buffer;
    private readonly int _capacity;

    // The bound is kept here rather than by a bounded channel: a bounded channel takes a lock on every write
    // and read, which the writer and the reader then fight over for every line. These two counters each have
    // a single writer (the log's writer under its lock; the reading enumeration), so no interlocked operation
    // is needed: the writer at worst sees an older read count, which is the same race a bounded channel has.
    private int _written;
    private int _read;
    private volatile bool _fellBehind;

    public JobLogReader(int bufferLines)
    {
        _capacity = bufferLines;
        _buffer = Channel.CreateUnbounded<string>(new UnboundedChannelOptions
        {
            // One enumeration reads it: the channel can skip the bookkeeping for concurrent readers.
            SingleReader = true,
            // The log's lock serialises every write to this channel.
            SingleWriter = true,
            // The writer wakes a waiting reader while holding the log's lock: the reader's code must run
            // elsewhere, never inline on the writer's thread.
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Set under the log's lock.</summary>
    public ReaderPhase Phase { get; set; }

    /// <summary>The index of the next kept line to replay. Set under the log's lock.</summary>
    public int Next { get; set; }

    /// <summary>The last chunk of kept lines copied for replay; reused from chunk to chunk.</summary>
    public string[]? Replay { get; set; }

    /// <summary>Whether the writer stopped this reader because its buffer was full.</summary>
    public bool FellBehind => _fellBehind;

    /// <summary>
    /// Buffers a live line; <see langword="false"/> when <c>bufferLines</c> lines are already waiting.
    /// Called under the log's lock.
    /// </summary>
    public bool TryWrite(string line)
    {
        if (_written - Volatile.Read(ref _read) >= _capacity)
        {
            return false;
        }

        _written++;
        return _buffer.Writer.TryWrite(line);
    }

    /// <summary>Takes the next buffered line, if any. Called only by the reading enumeration.</summary>
    public bool TryRead([MaybeNullWhen(false)] out string line)
    {
        if (!_buffer.Reader.TryRead(out line))
        {
            return false;
        }

        // Published so the writer sees the room this read made.
        Volatile.Write(ref _read, _read + 1);
        return true;
    }

    /// <summary>Waits until a line is buffered (<see langword="true"/>) or the reader is stopped and drained (<see langword="false"/>).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) =>
        _buffer.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Stops the reader after what it has buffered, with the fell-behind notice to follow.</summary>
    public void StopBehind()
    {
        // Set before completing the channel: the reader looks at the flag only after it sees the completion.
        _fellBehind = true;
        _buffer.Writer.TryComplete();
    }

    /// <summary>Ends the reader after what it has buffered.</summary>
    public void Complete() => _buffer.Writer.TryComplete();
}
