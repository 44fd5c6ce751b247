using Temporalio.Activities;

namespace Neptune.Hosting.Temporal.Activities;

/// <summary>Heartbeats an activity on a fixed interval while a step without its own heartbeat (git) runs.</summary>
internal sealed class HeartbeatLoop : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Task loop;

    private HeartbeatLoop(ActivityExecutionContext? context, TimeSpan interval, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        loop = context is null ? Task.CompletedTask : BeatAsync(context, interval, stop.Token);
    }

    /// <summary>Starts heartbeating; dispose to stop.</summary>
    public static HeartbeatLoop Start(ActivityExecutionContext? context, TimeSpan interval, CancellationToken cancellationToken) =>
        new(context, interval, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private static async Task BeatAsync(ActivityExecutionContext context, TimeSpan interval, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            context.Heartbeat();
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                context.Heartbeat();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the step ended.
        }
    }
}
