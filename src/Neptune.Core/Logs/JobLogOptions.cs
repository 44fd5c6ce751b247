namespace Neptune.Logs;

/// <summary>How a <see cref="JobLog"/> filters lines and how far a live reader may fall behind.</summary>
/// <remarks>
/// A <see cref="JobLog"/> reads these once, in its constructor: changing the options afterwards does not
/// affect logs already created.
/// </remarks>
public sealed class JobLogOptions
{
    /// <summary>The default for <see cref="ReaderBufferLines"/>.</summary>
    public const int DefaultReaderBufferLines = 10_000;

    /// <summary>
    /// Regular expressions (.NET syntax, culture-invariant). A line matching any of them is dropped before
    /// the log keeps it, so neither the buffer, a live reader nor the persisted log ever sees it.
    /// </summary>
    public IList<string> RedactionPatterns { get; } = new List<string>();

    /// <summary>
    /// How many lines each live reader may have waiting for it. A reader further behind than this is
    /// stopped: it reads what it has, then <see cref="JobLog.FellBehindNotice"/> as its last line.
    /// </summary>
    public int ReaderBufferLines { get; set; } = DefaultReaderBufferLines;
}
