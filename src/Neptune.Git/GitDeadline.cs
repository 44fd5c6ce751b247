namespace Neptune.Git;

/// <summary>
/// The caller's token combined with <see cref="GitOptions.Timeout"/>, telling the two apart afterwards:
/// a caller's cancellation stays an <see cref="OperationCanceledException"/>, an expired timeout is a failure.
/// </summary>
internal sealed class GitDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;

    /// <summary>Starts the timeout now.</summary>
    public GitDeadline(TimeSpan timeout, TimeProvider timeProvider, CancellationToken caller)
    {
        _caller = caller;
        _timeout = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
        Timeout = timeout;
    }

    /// <summary>The time allowed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Cancelled by the caller or when the time is up.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the time ran out while the caller had not cancelled.</summary>
    public bool Expired => _timeout.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <inheritdoc />
    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
