using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Neptune.CheckRuns;
using Neptune.Ports;

namespace Neptune.Hosting.InProcess.Stores;

/// <summary>
/// Stands in for GitHub check runs when GitHub is not configured: writes each publication to the log and keeps
/// the newest view of every deployment for dashboards. Ids are derived from (deployment, generation), so they
/// stay the same across restarts.
/// </summary>
public sealed class LocalCheckRunPublisher : ICheckRunPublisher
{
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<Guid, CheckRunPublication> latest = new();
    private readonly ConcurrentQueue<Guid> order = new();

    /// <summary>Creates a publisher that logs to <paramref name="logger"/>.</summary>
    public LocalCheckRunPublisher(ILogger<LocalCheckRunPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
    }

    /// <summary>How many deployments' newest publications are kept for dashboards; older ones are forgotten so a long-lived host does not grow.</summary>
    public const int Capacity = 1_000;

    /// <summary>The newest publication of one of the last <see cref="Capacity"/> deployments published, or <see langword="null"/>.</summary>
    public CheckRunPublication? Latest(Guid deploymentId) => latest.TryGetValue(deploymentId, out var p) ? p : null;

    /// <inheritdoc />
    public Task<long> PublishAsync(CheckRunPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var id = publication.ExistingCheckRunId ?? IdOf(publication.DeploymentId, publication.Generation);
        var kept = publication with { ExistingCheckRunId = id };
        if (latest.TryAdd(publication.DeploymentId, kept))
        {
            order.Enqueue(publication.DeploymentId);
            while (order.Count > Capacity && order.TryDequeue(out var oldest))
            {
                latest.TryRemove(oldest, out _);
            }
        }
        else
        {
            latest[publication.DeploymentId] = kept;
        }

        var v = publication.View;
        if (!logger.IsEnabled(LogLevel.Information))
        {
            // The arguments below would be boxed into an array for nothing.
            return Task.FromResult(id);
        }

        logger.LogInformation(
            "Check run {Name} #{CheckRunId} for {Revision}: {Status} {Conclusion} — {Title}",
            v.Name,
            id,
            v.Revision,
            v.Status,
            v.Conclusion,
            v.Title);
        return Task.FromResult(id);
    }

    // Positive, below 2^53 so JavaScript dashboards read it exactly.
    private static long IdOf(Guid deploymentId, int generation) =>
        (long)(BitConverter.ToUInt64(deploymentId.ToByteArray(), 0) % (1UL << 52)) + generation;
}
