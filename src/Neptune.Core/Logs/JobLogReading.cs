namespace Neptune.Logs;

/// <summary>What <see cref="JobLog.ReadAllAsync"/> returns: every enumeration is a new reader.</summary>
internal sealed class JobLogReading(JobLog log, CancellationToken readAllToken) : IAsyncEnumerable<string>
{
    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Either token cancels the reader: the one given to ReadAllAsync, or one given here (which is what
        // WithCancellation does). A linked source is needed only when both can cancel.
        if (!cancellationToken.CanBeCanceled || cancellationToken == readAllToken)
        {
            return new JobLogReader(log, readAllToken, linked: null);
        }

        if (!readAllToken.CanBeCanceled)
        {
            return new JobLogReader(log, cancellationToken, linked: null);
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(readAllToken, cancellationToken);
        return new JobLogReader(log, linked.Token, linked);
    }
}
