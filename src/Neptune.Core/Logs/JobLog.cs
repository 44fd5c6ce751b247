namespace Neptune.Logs;

/// <summary>Placeholder: the streamed log of one job (being written in its own change).</summary>
public sealed class JobLog
{
    /// <summary>Appends a line.</summary>
    public void WriteLine(string line) => _ = line;
}
