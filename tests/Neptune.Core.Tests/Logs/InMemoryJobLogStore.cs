using Neptune.Ports;

namespace Neptune.Tests.Logs;

/// <summary>
/// Keeps saved logs as bytes. Reads the content the way a store would — to its end, in reads of
/// <see cref="ReadSize"/> bytes — so odd sizes exercise how the log's text stream splits its output.
/// </summary>
internal sealed class InMemoryJobLogStore(int readSize = 81_920) : IJobLogStore
{
    private readonly Dictionary<Guid, byte[]> _logs = [];

    public int ReadSize { get; } = readSize;

    public int Saves { get; private set; }

    public IReadOnlyDictionary<Guid, byte[]> Logs => _logs;

    public async Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken)
    {
        Saves++;
        using var copy = new MemoryStream();
        var buffer = new byte[ReadSize];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        _logs[jobId] = copy.ToArray();
    }

    public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_logs.TryGetValue(jobId, out var bytes) ? new MemoryStream(bytes, writable: false) : null);
}
