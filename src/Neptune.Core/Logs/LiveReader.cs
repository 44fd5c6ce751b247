using System.Threading.Channels;

namespace Neptune.Logs;

/// <summary>
/// The writer's own record of one live reader, kept in the log's list and touched only under its lock.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="JobLogReader"/> on purpose: the reader updates its fields for every line it
/// reads, and a writer reading or writing the same cache line for every line it writes would make the two
/// cores trade that line back and forth. The writer reads the reader's count only when its cached
/// <see cref="Room"/> runs out.
/// </remarks>
internal struct LiveReader(JobLogReader reader, int bufferLines)
{
    /// <summary>The reader.</summary>
    public readonly JobLogReader Reader = reader;

    /// <summary>Its buffer, held here so writing a line does not touch the reader object.</summary>
    public readonly ChannelWriter<string> Buffer = reader.BufferWriter;

    /// <summary>Lines written to its buffer so far.</summary>
    public int Written;

    /// <summary>Lines that can be written before the reader's count must be looked at again.</summary>
    public int Room = bufferLines;

    /// <summary>
    /// Buffers a line; <see langword="false"/> when <paramref name="bufferLines"/> lines already wait for the
    /// reader, which then gets nothing more.
    /// </summary>
    public bool TryWrite(string line, int bufferLines)
    {
        if (Room == 0)
        {
            Room = bufferLines - (Written - Reader.ReadCount);
            if (Room <= 0)
            {
                return false;
            }
        }

        Room--;
        Written++;
        return Buffer.TryWrite(line);
    }
}
