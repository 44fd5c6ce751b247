using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Intake;

namespace Neptune.GitHub.Webhooks;

/// <summary>
/// Accepted pushes and reruns waiting for intake. Webhooks are answered as soon as their work is queued (GitHub gives a
/// delivery 10 seconds), and <see cref="IntakeWorker"/> reads configs and delivers revisions, in arrival order per
/// repository.
/// </summary>
public sealed class IntakeQueue
{
    private readonly Channel<IntakeItem> _items;
    private readonly Lock _lock = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    /// <summary>Creates a queue holding up to <see cref="GitHubWebhookOptions.IntakeQueueCapacity"/> items.</summary>
    public IntakeQueue(IOptions<GitHubWebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _items = Channel.CreateBounded<IntakeItem>(new BoundedChannelOptions(options.Value.IntakeQueueCapacity) { SingleReader = true });
    }

    /// <summary>Queues work; false when the queue is full.</summary>
    public bool TryEnqueue(IntakeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (!_items.Writer.TryWrite(item))
            {
                return false;
            }

            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }

            return true;
        }
    }

    /// <summary>The queued items, in order, for the worker.</summary>
    internal IAsyncEnumerable<IntakeItem> ReadAllAsync(CancellationToken cancellationToken) => _items.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Takes the next queued item without waiting (the worker empties the queue this way when it stops).</summary>
    internal bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IntakeItem? item) => _items.Reader.TryRead(out item);

    /// <summary>Called by the worker when an item is done, however it ended.</summary>
    internal void Done()
    {
        lock (_lock)
        {
            if (--_pending == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when every queued item is done (tests and graceful shutdown).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }
}

/// <summary>One accepted delivery's work for <see cref="RevisionIntake"/>.</summary>
/// <param name="OrderKey">
/// Items with the same key run one after another in arrival order (the repository, <c>owner/repo</c>, so its revisions
/// reach each target in push order); items with different keys may run at the same time.
/// </param>
/// <param name="DeliveryId">The <c>X-GitHub-Delivery</c> it came from, for logs and redelivery.</param>
/// <param name="Description">What it is, e.g. <c>push acme/infra@1a2b3c4</c>.</param>
/// <param name="Run">The work.</param>
public sealed record IntakeItem(string OrderKey, string DeliveryId, string Description, Func<RevisionIntake, CancellationToken, Task<IntakeOutcome>> Run)
{
    /// <summary>The trace context of the delivery's webhook span, so the intake continues its trace; default when nobody traces.</summary>
    public ActivityContext Parent { get; init; }
}
