using System.Globalization;
using System.Runtime.InteropServices;
using Neptune.Ports;

namespace Neptune.Logs;

/// <summary>
/// The output of one job (a terraform command), line by line: kept in memory for replay, streamed to live
/// readers, and persisted to an <see cref="IJobLogStore"/> once the job ends.
/// </summary>
/// <remarks>
/// <para>
/// One lock serialises writers. Each live reader has its own bounded buffer; the writer only ever tries to
/// add to it, so a slow reader never slows or blocks the job: a reader whose buffer is full is stopped, and
/// reads <see cref="FellBehindNotice"/> as its last line.
/// </para>
/// <para>
/// A reader first replays the kept lines in chunks copied under the lock (it yields them outside the lock),
/// and registers for live lines in the same critical section as its last chunk, so it sees every kept line
/// exactly once, in order. Replay reads only kept lines and costs the writer nothing, so it is not bounded.
/// </para>
/// </remarks>
public sealed class JobLog
{
    /// <summary>
    /// The composite format (<c>{0}</c> is <see cref="JobLogOptions.ReaderBufferLines"/>) of the last line a
    /// reader gets when it fell too far behind; see <see cref="FormatFellBehindNotice"/>.
    /// </summary>
    public const string FellBehindNotice =
        "[neptune] this viewer fell more than {0:N0} lines behind the job and was stopped; reload to read the full log";

    // Lines copied per lock acquisition while replaying: bounds how long a joining reader holds up the writer.
    internal const int ReplayChunkLines = 1024;

    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<LiveReader> _readers = [];
    private readonly LineRedactor _redactor;
    private readonly int _readerBufferLines;
    private readonly string _fellBehindLine;

    // Written under the lock; read without it only to fail fast, or once it is true, which is final.
    private volatile bool _completed;

    /// <summary>Creates the empty log of a job.</summary>
    /// <param name="jobId">The job whose output this is; the key it is persisted under.</param>
    /// <param name="options">Redaction and reader limits; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A redaction pattern is not a valid regular expression (the message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="JobLogOptions.ReaderBufferLines"/> is less than 1.</exception>
    public JobLog(Guid jobId, JobLogOptions? options = null)
    {
        options ??= new JobLogOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReaderBufferLines, 1, nameof(options));
        JobId = jobId;
        _redactor = LineRedactor.Create(options.RedactionPatterns, nameof(options));
        _readerBufferLines = options.ReaderBufferLines;
        _fellBehindLine = FormatFellBehindNotice(_readerBufferLines);
    }

    /// <summary>The job whose output this is.</summary>
    public Guid JobId { get; }

    /// <summary>Whether <see cref="Complete"/> was called: no line will be added any more.</summary>
    public bool IsCompleted => _completed;

    /// <summary>How many lines the log kept (redacted lines are not kept).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>How many readers are registered for live lines (replaying or ended readers are not).</summary>
    internal int LiveReaderCount
    {
        get
        {
            lock (_gate)
            {
                return _readers.Count;
            }
        }
    }

    /// <summary>The notice line for a reader limited to <paramref name="readerBufferLines"/> buffered lines.</summary>
    /// <param name="readerBufferLines">The <see cref="JobLogOptions.ReaderBufferLines"/> in force.</param>
    public static string FormatFellBehindNotice(int readerBufferLines) =>
        string.Format(CultureInfo.InvariantCulture, FellBehindNotice, readerBufferLines);

    /// <summary>
    /// Appends a line, unless a redaction pattern matches it, and hands it to every live reader. Thread-safe;
    /// never waits for a reader.
    /// </summary>
    /// <param name="line">One line of output, without its line break.</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The log is completed.</exception>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // Matching outside the lock lets the stdout and stderr pumps redact in parallel.
        if (_redactor.Drops(line))
        {
            if (_completed)
            {
                ThrowCompleted();
            }

            return;
        }

        lock (_gate)
        {
            if (_completed)
            {
                ThrowCompleted();
            }

            _lines.Add(line);
            // By reference: each entry's counters change with every line.
            var readers = CollectionsMarshal.AsSpan(_readers);
            for (var i = readers.Length - 1; i >= 0; i--)
            {
                if (!readers[i].TryWrite(line, _readerBufferLines))
                {
                    // Full: stop the reader rather than wait for it, and let go of it. Going downwards, the
                    // entry moved into this slot has been served already.
                    readers[i].Reader.StopBehind();
                    RemoveReaderAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Ends the log: no more lines are accepted, and every live reader ends once it has read what it has.
    /// Idempotent.
    /// </summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            foreach (var live in _readers)
            {
                live.Reader.Complete();
            }

            // Completed readers need nothing more from the log: let go of them now, whether or not
            // anyone ever drains them.
            _readers.Clear();
        }
    }

    /// <summary>A copy of the lines kept so far.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return _lines.ToArray();
        }
    }

    /// <summary>
    /// Reads every kept line from the first, in order, then the live lines as they are written, and ends when
    /// the log completes. A reader that falls more than <see cref="JobLogOptions.ReaderBufferLines"/> live lines
    /// behind ends early with <see cref="FellBehindNotice"/> as its last line.
    /// </summary>
    /// <param name="cancellationToken">
    /// Ends the reading with an <see cref="OperationCanceledException"/> and releases the reader (as does a
    /// token passed through <see cref="TaskAsyncEnumerableExtensions.WithCancellation{T}(IAsyncEnumerable{T}, CancellationToken)"/>).
    /// </param>
    /// <returns>The lines; each enumeration is a reader of its own. Disposing the enumerator releases it.</returns>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken = default) =>
        new JobLogReading(this, cancellationToken);

    /// <summary>
    /// Saves the completed log to <paramref name="store"/> as UTF-8 text, each line followed by <c>\n</c>;
    /// the text is encoded as the store reads it.
    /// </summary>
    /// <param name="store">Where finished logs are kept.</param>
    /// <param name="cancellationToken">Passed to <see cref="IJobLogStore.SaveAsync"/>.</param>
    /// <exception cref="InvalidOperationException">The log is not completed yet.</exception>
    public Task PersistAsync(IJobLogStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!_completed)
        {
            throw new InvalidOperationException($"The log of job {JobId} is still being written: complete it before persisting it.");
        }

        return PersistCoreAsync(store, cancellationToken);
    }

    private async Task PersistCoreAsync(IJobLogStore store, CancellationToken cancellationToken)
    {
        // Completed: _lines never changes again, so the stream reads it without the lock.
        using var content = new JobLogTextStream(_lines);
        await store.SaveAsync(JobId, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The notice line a reader that fell behind gets last.</summary>
    internal string FellBehindLine => _fellBehindLine;

    /// <summary>
    /// Copies the next chunk of kept lines into <see cref="JobLogReader.Replay"/>. When that chunk reaches the
    /// last kept line, the reader registers in the same critical section: the next line written is then the
    /// first its buffer gets, so there is no gap between replayed and live lines, and no line twice.
    /// </summary>
    /// <returns>How many lines were copied.</returns>
    internal int CatchUp(JobLogReader reader)
    {
        lock (_gate)
        {
            var from = reader.Next;
            var count = Math.Min(_lines.Count - from, ReplayChunkLines);
            if (count > 0)
            {
                if (reader.Replay is null || reader.Replay.Length < count)
                {
                    reader.Replay = new string[count];
                }

                _lines.CopyTo(from, reader.Replay, 0, count);
                reader.Next = from + count;
            }

            if (reader.Next == _lines.Count)
            {
                if (_completed)
                {
                    reader.Phase = ReaderPhase.CaughtUpCompleted;
                }
                else
                {
                    reader.Phase = ReaderPhase.Live;
                    _readers.Add(new LiveReader(reader, _readerBufferLines));
                }
            }

            return count;
        }
    }

    /// <summary>Forgets a reader that finished, was cancelled or disposed; it may be gone already.</summary>
    internal void Detach(JobLogReader reader)
    {
        lock (_gate)
        {
            for (var i = 0; i < _readers.Count; i++)
            {
                if (_readers[i].Reader == reader)
                {
                    RemoveReaderAt(i);
                    return;
                }
            }
        }
    }

    // Order among readers does not matter: swap with the last one instead of shifting the list.
    private void RemoveReaderAt(int index)
    {
        var last = _readers.Count - 1;
        _readers[index] = _readers[last];
        _readers.RemoveAt(last);
    }

    private void ThrowCompleted() =>
        throw new InvalidOperationException($"The log of job {JobId} is completed: no line can be added.");
}
