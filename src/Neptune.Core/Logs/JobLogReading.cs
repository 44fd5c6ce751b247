namespace Neptune.Logs;

/// <summary>What <see cref="JobLog.ReadAllAsync"/> returns: every enumeration is a new reader.</summary>
internal sealed class JobLogReading(JobLog log, CancellationToken cancellationToken) : IAsyncEnumerable<string>
{
    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Either token cancels the reader (the token passed to ReadAllAsync, or one given later through
        // WithCancellation); a linked source is needed only when both can.
        if (!cancellationToken.CanBeCanceled || cancellationToken == _cancellationToken)
        {
            return new JobLogReader(log, _cancellationToken, linked: null);
        }

        if (!_cancellationToken.CanBeCanceled)
        {
            return new JobLogReader(log, cancellationToken, linked: null);
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        return new JobLogReader(log, linked.Token, linked);
    }

    private readonly CancellationToken _cancellationToken = cancellationToken;
}
