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
    private volatile bool _fellBehind;

    public JobLogReader(int bufferLines)
    {
        _buffer = Channel.CreateBounded<string>(new BoundedChannelOptions(bufferLines)
        {
            // Wait (not Drop*): TryWrite then fails on a full buffer, which is how the writer detects a
            // reader that fell behind, without ever waiting for it.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            // The log's lock serialises every write to this channel.
            SingleWriter = true,
            // The writer completes a waiting reader while holding the log's lock: the reader's code must
            // run elsewhere, never inline on the writer's thread.
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

    /// <summary>The live lines waiting for this reader.</summary>
    public ChannelReader<string> Lines => _buffer.Reader;

    /// <summary>Buffers a live line; <see langword="false"/> when the buffer is full. Called under the log's lock.</summary>
    public bool TryWrite(string line) => _buffer.Writer.TryWrite(line);

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
