using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Neptune.Logs;

/// <summary>
/// One reader of a <see cref="JobLog"/>: replays the kept lines a chunk at a time, then reads live lines from
/// its own bounded buffer, then ends (with the fell-behind notice when the writer had to stop it).
/// </summary>
/// <remarks>
/// <para>
/// Written by hand rather than as an <c>async</c> iterator: a line already there is returned as a completed
/// <see cref="ValueTask{TResult}"/> with no state machine step, which is most of a reader's cost per line.
/// Only waiting for the next line goes through an <c>async</c> method, with a pooled builder.
/// </para>
/// <para>
/// The log references a reader only while it is <see cref="ReaderPhase.Live"/>, and lets go of it when it
/// falls behind, finishes, is cancelled or disposed, or when the log completes.
/// </para>
/// </remarks>
internal sealed class JobLogReader : IAsyncEnumerator<string>
{
    private readonly JobLog _log;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource? _linked;
    private readonly Channel<string> _buffer;
    private readonly ChannelReader<string> _bufferReader;

    // The bound is kept with counters rather than by a bounded channel: a bounded channel takes a lock on
    // every write and every read, which the writer and the reader then fight over for every line. This count
    // has a single writer (this reader) and the writer compares it with its own count of lines written
    // (see LiveReader), so no interlocked operation is needed: the writer at worst sees an older count,
    // which is the same race a bounded channel has.
    private int _read;
    private volatile bool _fellBehind;

    private int _replayIndex;
    private int _replayCount;

    public JobLogReader(JobLog log, CancellationToken cancellationToken, CancellationTokenSource? linked)
    {
        _log = log;
        _cancellationToken = cancellationToken;
        _linked = linked;
        _buffer = Channel.CreateUnbounded<string>(new UnboundedChannelOptions
        {
            // Only this reader reads it: the channel can skip the bookkeeping for concurrent readers.
            SingleReader = true,
            // The log's lock serialises every write to it.
            SingleWriter = true,
            // The writer wakes a waiting reader while holding the log's lock: the reader's code must run
            // elsewhere, never inline on the writer's thread.
            AllowSynchronousContinuations = false,
        });
        _bufferReader = _buffer.Reader;
    }

    /// <summary>Changed by this reader only; to <see cref="ReaderPhase.Live"/> under the log's lock.</summary>
    public ReaderPhase Phase { get; set; }

    /// <summary>The index of the next kept line to replay.</summary>
    public int Next { get; set; }

    /// <summary>The chunk of kept lines being replayed; reused from chunk to chunk.</summary>
    public string[]? Replay { get; set; }

    /// <inheritdoc />
    public string Current { get; private set; } = null!;

    /// <summary>Where the writer puts live lines for this reader.</summary>
    public ChannelWriter<string> BufferWriter => _buffer.Writer;

    /// <summary>How many live lines this reader has taken from its buffer.</summary>
    public int ReadCount => Volatile.Read(ref _read);

    /// <summary>Stops the reader after what it has buffered, with the fell-behind notice to follow. Called under the log's lock.</summary>
    public void StopBehind()
    {
        // Set before completing the channel: the reader looks at the flag only after it sees the completion.
        _fellBehind = true;
        _buffer.Writer.TryComplete();
    }

    /// <summary>Ends the reader after what it has buffered. Called under the log's lock.</summary>
    public void Complete() => _buffer.Writer.TryComplete();

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        // The rest of the replayed chunk comes first, even when copying it also made the reader live.
        if (_replayIndex < _replayCount)
        {
            Current = Replay![_replayIndex++];
            return new ValueTask<bool>(true);
        }

        switch (Phase)
        {
            case ReaderPhase.Replaying:
                return CatchUp();
            case ReaderPhase.Live:
                // Checked here too: a reader that never has to wait would otherwise never see its token.
                if (_cancellationToken.IsCancellationRequested)
                {
                    return Cancelled();
                }

                if (TryRead(out var line))
                {
                    Current = line;
                    return new ValueTask<bool>(true);
                }

                return WaitAsync();
            default:
                Finish();
                return new ValueTask<bool>(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Finish();
        return default;
    }

    private ValueTask<bool> CatchUp()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return Cancelled();
        }

        _replayIndex = 0;
        _replayCount = _log.CatchUp(this);

        // Serves the chunk just copied; once caught up (nothing copied), moves on to the buffer.
        return MoveNextAsync();
    }

    private bool TryRead([MaybeNullWhen(false)] out string line)
    {
        if (!_bufferReader.TryRead(out line))
        {
            return false;
        }

        // Published so the writer sees the room this read made.
        Volatile.Write(ref _read, _read + 1);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitAsync()
    {
        // Replay is over: the last chunk is not needed any more.
        Replay = null;
        try
        {
            while (await _bufferReader.WaitToReadAsync(_cancellationToken).ConfigureAwait(false))
            {
                if (TryRead(out var line))
                {
                    Current = line;
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Finish();
            throw;
        }

        // Stopped and drained: the notice, if the writer had to stop it, is the very last line.
        var fellBehind = _fellBehind;
        Finish();
        if (fellBehind)
        {
            Current = _log.FellBehindLine;
            return true;
        }

        return false;
    }

    // Like an async iterator, a cancelled read fails the returned task rather than throwing from the call.
    private ValueTask<bool> Cancelled()
    {
        Finish();
        return ValueTask.FromCanceled<bool>(_cancellationToken);
    }

    // Idempotent: ends the reader and lets the log forget it.
    private void Finish()
    {
        if (Phase == ReaderPhase.Finished)
        {
            return;
        }

        if (Phase == ReaderPhase.Live)
        {
            _log.Detach(this);
        }

        Phase = ReaderPhase.Finished;
        Replay = null;
        _replayIndex = _replayCount = 0;
        // Wakes a wait still pending on a disposed reader, and drops what was buffered for it.
        _buffer.Writer.TryComplete();
        while (_buffer.Reader.TryRead(out _))
        {
        }

        _linked?.Dispose();
    }
}
