using Neptune.Audit;
using Neptune.Ports;

namespace Neptune.Hosting.InProcess.Stores;

/// <summary>
/// Appends audit events, one JSON object per line, to a file. An event already in the file (same apply job and
/// state) is not written again, so redelivery after a crash keeps "exactly once".
/// </summary>
public sealed class JsonLinesAuditSink : IAuditSink
{
    private readonly string path;
    private readonly SemaphoreSlim gate = new(1, 1);
    private HashSet<string>? written;

    /// <summary>Creates a sink writing to <paramref name="path"/> (created on first event).</summary>
    public JsonLinesAuditSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        this.path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file the events go to.</summary>
    public string Path => path;

    /// <inheritdoc />
    public async Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            written ??= await LoadKeysAsync(cancellationToken).ConfigureAwait(false);
            if (!written.Add(auditEvent.IdempotencyKey))
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);

            // After a torn last line, start a fresh one so this event stays whole.
            var separator = EndsInsideALine() ? "\n" : string.Empty;
            await File.AppendAllTextAsync(path, separator + AuditEventJson.Serialize(auditEvent) + "\n", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HashSet<string>> LoadKeysAsync(CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return keys;
        }

        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            // A torn last line from a crash is skipped; the event is then written again, whole.
            if (line.Length > 0 && TryRead(line) is { } e)
            {
                keys.Add(e.IdempotencyKey);
            }
        }

        return keys;
    }

    private bool EndsInsideALine()
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return false;
        }

        using var stream = file.OpenRead();
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }

    private static AuditEvent? TryRead(string line)
    {
        try
        {
            return AuditEventJson.Deserialize(line);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
