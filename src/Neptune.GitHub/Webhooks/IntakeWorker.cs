using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.GitHub.Intake;
using Neptune.Telemetry;

namespace Neptune.GitHub.Webhooks;

/// <summary>Runs the <see cref="IntakeQueue"/>'s items one after another, so revisions reach their targets in push order.</summary>
public sealed partial class IntakeWorker : BackgroundService
{
    private readonly IntakeQueue _queue;
    private readonly RevisionIntake _intake;
    private readonly RecentDeliveries _deliveries;
    private readonly ILogger<IntakeWorker> _logger;

    /// <summary>Creates the worker.</summary>
    public IntakeWorker(IntakeQueue queue, RevisionIntake intake, RecentDeliveries deliveries, ILogger<IntakeWorker> logger)
    {
        _queue = queue;
        _intake = intake;
        _deliveries = deliveries;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            // A child of the webhook's span: one push's trace runs from the delivery to its deployments.
            using var activity = NeptuneTelemetry.ActivitySource.StartActivity(NeptuneTelemetry.IntakeSpan, ActivityKind.Internal, item.Parent);
            activity?.SetTag(NeptuneTelemetry.DeliveryIdTag, item.DeliveryId);
            using var scope = DeliveryScope(_logger, item.DeliveryId);
            try
            {
                var outcome = await item.Run(_intake, stoppingToken).ConfigureAwait(false);
                LogDone(_logger, item.DeliveryId, item.Description, outcome.Requests.Count, outcome.Reason ?? "delivered");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                LogStopped(_logger, item.DeliveryId, item.Description);
                _deliveries.Forget(item.DeliveryId);
                throw;
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
    }

    private static readonly Func<ILogger, string, IDisposable?> DeliveryScope = LoggerMessage.DefineScope<string>("Delivery {DeliveryId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Description}): {Count} revision(s) requested; {Result}")]
    private static partial void LogDone(ILogger logger, string deliveryId, string description, int count, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} ({Description}) failed and nothing was requested for it; redeliver it from the webhook's Recent Deliveries page once the cause is fixed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string deliveryId, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped before delivery {DeliveryId} ({Description}) was handled; redeliver it from the webhook's Recent Deliveries page.")]
    private static partial void LogStopped(ILogger logger, string deliveryId, string description);
}
