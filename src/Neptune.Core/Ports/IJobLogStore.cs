namespace Neptune.Ports;

/// <summary>Keeps finished job logs (one object per job at <see cref="Model.StoreKeys.JobLog"/>).</summary>
public interface IJobLogStore
{
    /// <summary>Stores the full log of a finished job: UTF-8 text, one line per <c>\n</c>. The stream is read to its end, not buffered whole.</summary>
    Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a finished job's log for reading, or returns <see langword="null"/> when the store has none.</summary>
    Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken);
}
