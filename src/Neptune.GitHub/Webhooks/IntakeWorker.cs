using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Api;
using Neptune.GitHub.Intake;
using Neptune.Telemetry;

namespace Neptune.GitHub.Webhooks;

/// <summary>
/// Runs the <see cref="IntakeQueue"/>'s items: those of one repository one after another in arrival order, so revisions
/// reach their targets in push order, and up to <see cref="GitHubWebhookOptions.IntakeConcurrency"/> items of different
/// repositories at the same time, so one repository's GitHub calls do not hold up the rest. An item that fails because
/// GitHub is unavailable (5xx, 429, rate limits, network errors) after <see cref="GitHubRetry"/>'s own attempts is tried
/// again, backing off, until GitHub answers: an outage delays accepted pushes, it never drops them.
/// </summary>
public sealed partial class IntakeWorker : BackgroundService
{
    private readonly IntakeQueue _queue;
    private readonly RevisionIntake _intake;
    private readonly RecentDeliveries _deliveries;
    private readonly ILogger<IntakeWorker> _logger;
    private readonly int _concurrency;
    private readonly GitHubRetry _retry;
    private readonly TimeProvider _timeProvider;

    // The last started item of each repository with work in flight; the next item of that repository waits for it.
    private readonly Dictionary<string, Task> _tails = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _tailsLock = new();

    /// <summary>Creates the worker.</summary>
    public IntakeWorker(
        IntakeQueue queue, RevisionIntake intake, RecentDeliveries deliveries, IOptions<GitHubWebhookOptions> options, ILogger<IntakeWorker> logger, GitHubRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _intake = intake;
        _deliveries = deliveries;
        _logger = logger;
        _concurrency = Math.Max(1, options.Value.IntakeConcurrency);
        _retry = retry;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_concurrency);
        var running = new HashSet<Task>();
        try
        {
            await foreach (var item in _queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Taken from the queue but never started: name it like the ones still queued.
                    Unhandled(item);
                    throw;
                }

                Task work;
                lock (_tailsLock)
                {
                    var previous = _tails.GetValueOrDefault(item.OrderKey) ?? Task.CompletedTask;
                    work = RunAfterAsync(previous, item, slots, stoppingToken);
                    _tails[item.OrderKey] = work;
                }

                running.Add(work);
                _ = work.ContinueWith(ForgetTail, item.OrderKey, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (running.Count > _concurrency * 4)
                {
                    running.RemoveWhere(t => t.IsCompleted);
                }
            }
        }
        finally
        {
            // Items already started finish (or log that they were stopped) before the worker reports stopped; the ones
            // never started are named too, so each can be redelivered.
            await Task.WhenAll(running).ConfigureAwait(false);
            while (_queue.TryTake(out var left))
            {
                Unhandled(left);
            }
        }
    }

    private void Unhandled(IntakeItem item)
    {
        LogStopped(_logger, item.DeliveryId, item.Description);
        _deliveries.Forget(item.DeliveryId);
        _queue.Done();
    }

    private void ForgetTail(Task done, object? key)
    {
        lock (_tailsLock)
        {
            if (_tails.TryGetValue((string)key!, out var tail) && tail == done)
            {
                _tails.Remove((string)key!);
            }
        }
    }

    private async Task RunAfterAsync(Task previous, IntakeItem item, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            // The previous item of the repository never throws (RunOneAsync logs its failure), so this only waits.
            await previous.ConfigureAwait(false);
            await RunOneAsync(item, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RunOneAsync(IntakeItem item, CancellationToken stoppingToken)
    {
        // A child of the webhook's span: one push's trace runs from the delivery to its deployments.
        using var activity = NeptuneTelemetry.ActivitySource.StartActivity(NeptuneTelemetry.IntakeSpan, ActivityKind.Internal, item.Parent);
        activity?.SetTag(NeptuneTelemetry.DeliveryIdTag, item.DeliveryId);
        using var scope = DeliveryScope(_logger, item.DeliveryId);
        try
        {
            stoppingToken.ThrowIfCancellationRequested();
            var outcome = await RunWhileUnavailableAsync(item, stoppingToken).ConfigureAwait(false);
            LogDone(_logger, item.DeliveryId, item.Description, outcome.Requests.Count, outcome.Reason ?? "delivered");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(_logger, item.DeliveryId, item.Description);
            _deliveries.Forget(item.DeliveryId);
        }
        catch (Exception e)
        {
            // GitHub calls were retried already; what is left needs a person. Forgetting the id lets a redelivery in.
            _deliveries.Forget(item.DeliveryId);
            LogFailed(_logger, e, item.DeliveryId, item.Description);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
        }
        finally
        {
            _queue.Done();
        }
    }

    private static readonly Func<ILogger, string, IDisposable?> DeliveryScope = LoggerMessage.DefineScope<string>("Delivery {DeliveryId}");

    /// <summary>Runs <paramref name="item"/>, again and again while GitHub is unavailable; other errors are thrown.</summary>
    private async Task<IntakeOutcome> RunWhileUnavailableAsync(IntakeItem item, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await item.Run(_intake, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (_retry.RetryDelay(e, attempt, stoppingToken) is { } delay)
            {
                // The repository's later items wait too: its revisions must reach their targets in push order.
                LogUnavailable(_logger, item.DeliveryId, item.Description, attempt, e.Message, delay);
                await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Description}): {Count} revision(s) requested; {Result}")]
    private static partial void LogDone(ILogger logger, string deliveryId, string description, int count, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} ({Description}) failed and nothing was requested for it; redeliver it from the webhook's Recent Deliveries page once the cause is fixed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string deliveryId, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Description}) waits for GitHub, which is unavailable (try {Attempt}: {Failure}); trying again in {Delay}. Later deliveries of the repository wait behind it.")]
    private static partial void LogUnavailable(ILogger logger, string deliveryId, string description, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped before delivery {DeliveryId} ({Description}) was handled; redeliver it from the webhook's Recent Deliveries page.")]
    private static partial void LogStopped(ILogger logger, string deliveryId, string description);
}
