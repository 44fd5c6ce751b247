using System.Security.Cryptography;
using System.Text;

namespace Neptune.Aws.Tests.S3;

/// <summary>
/// A forward-only stream of numbered log lines made as it is read (nothing is held), like the job log's own
/// stream; it hashes what it hands out so a reader can check it got every byte back.
/// </summary>
internal sealed class GeneratedLog : Stream
{
    private readonly long length;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(" terraform says something long enough to fill a realistic log line of output\n");
    private readonly byte[] pending = new byte[9 + Text.Length];
    private int pendingOffset;
    private long produced;
    private long line;

    public GeneratedLog(long length)
    {
        this.length = length;
        pendingOffset = pending.Length;
    }

    public long Lines => line;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public string Sha256() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && produced < length)
        {
            if (pendingOffset == pending.Length)
            {
                // Formatted in place: the generator itself allocates nothing per line.
                line++;
                line.TryFormat(pending.AsSpan(0, 9), out _, "D9", System.Globalization.CultureInfo.InvariantCulture);
                Text.CopyTo(pending, 9);
                pendingOffset = 0;
            }

            var n = (int)Math.Min(Math.Min(count - written, pending.Length - pendingOffset), length - produced);
            Array.Copy(pending, pendingOffset, buffer, offset + written, n);
            hash.AppendData(pending, pendingOffset, n);
            pendingOffset += n;
            written += n;
            produced += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
