using System.Text;

namespace Neptune.Logs;

/// <summary>
/// Reads a completed log's lines as UTF-8 text, each followed by <c>\n</c>, encoding as the store reads,
/// so persisting a large log never builds the whole text in memory.
/// </summary>
/// <remarks>The lines must no longer change: a completed <see cref="JobLog"/> never adds one.</remarks>
internal sealed class JobLogTextStream : Stream
{
    // Room for any one step of the encoder: a surrogate pair (4 bytes) or a replaced lone surrogate (3 bytes).
    private const int MinStepBytes = 4;

    // UTF-8 without a byte-order mark; a lone surrogate becomes U+FFFD instead of failing the persist.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly List<string> _lines;
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private readonly byte[] _spill = new byte[MinStepBytes + 1];
    private int _spillStart;
    private int _spillCount;
    private int _line;
    private int _offset;
    private bool _charsDone;

    public JobLogTextStream(List<string> lines) => _lines = lines;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        var written = DrainSpill(buffer);
        while (written < buffer.Length && _line < _lines.Count)
        {
            if (buffer.Length - written >= MinStepBytes)
            {
                written += Step(buffer[written..]);
            }
            else if (written > 0)
            {
                // Hand back what is ready rather than split a character; the next read continues.
                break;
            }
            else
            {
                // The caller asked for fewer bytes than one character may need: encode one step aside.
                _spillStart = 0;
                _spillCount = Step(_spill);
                written += DrainSpill(buffer[written..]);
            }
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Encoding is CPU work on memory already there: nothing to wait for.
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int DrainSpill(Span<byte> buffer)
    {
        var n = Math.Min(_spillCount, buffer.Length);
        _spill.AsSpan(_spillStart, n).CopyTo(buffer);
        _spillStart += n;
        _spillCount -= n;
        return n;
    }

    // Encodes as much of the current line as fits in destination (at least MinStepBytes long), then its
    // newline when there is room; returns the bytes written, always at least one.
    private int Step(Span<byte> destination)
    {
        var line = _lines[_line];
        var written = 0;
        if (!_charsDone)
        {
            if (_offset == 0 && Utf8.GetMaxByteCount(line.Length) < destination.Length)
            {
                // The whole line and its newline fit: the common case, without the encoder's bookkeeping.
                written = Utf8.GetBytes(line, destination);
            }
            else
            {
                // flush: true — a line never continues into the next, so nothing is carried across lines.
                _encoder.Convert(line.AsSpan(_offset), destination, flush: true, out var charsUsed, out written, out var completed);
                _offset += charsUsed;
                if (!completed)
                {
                    return written;
                }
            }

            _charsDone = true;
        }

        if (written == destination.Length)
        {
            return written;
        }

        destination[written++] = (byte)'\n';
        _line++;
        _offset = 0;
        _charsDone = false;
        return written;
    }
}
