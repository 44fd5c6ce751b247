using System.Globalization;
using global::Hangfire;
using global::Hangfire.States;
using Microsoft.Extensions.Logging;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Hosting.Hangfire.Jobs;
using Neptune.Hosting.Hangfire.Storage;

namespace Neptune.Hosting.Hangfire.Nodes;

/// <summary>
/// Writes this node's heartbeat into the storage and finds runs whose node stopped heartbeating: each gets a recovery
/// event (an interrupted plan is planned again on any node, an interrupted apply is marked interrupted, never applied
/// again). Every node sweeps; the recovery event's id makes duplicates harmless.
/// </summary>
internal sealed class NodeSweeper
{
    private readonly HangfireRuntime runtime;
    private readonly ILogger logger;

    public NodeSweeper(HangfireRuntime runtime)
    {
        this.runtime = runtime;
        logger = runtime.LoggerFactory.CreateLogger<NodeSweeper>();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Beat();
                Sweep();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Heartbeat or sweep of node {Node} failed; trying again.", runtime.Node.Name);
            }

            try
            {
                await Task.Delay(runtime.Options.HeartbeatInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Beat()
    {
        using var connection = runtime.Storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(StorageKeys.Nodes, new Dictionary<string, string> { [runtime.Node.Name] = runtime.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
        transaction.Commit();
    }

    /// <summary>Sends a recovery event for every planning or applying run whose node is presumed dead; returns how many.</summary>
    public int Sweep()
    {
        using var connection = runtime.Storage.GetConnection();
        var nodes = connection.GetAllEntriesFromHash(StorageKeys.Nodes) ?? [];
        var now = runtime.Time.GetUtcNow();
        var recovered = 0;
        foreach (var id in connection.GetAllItemsFromSet(StorageKeys.ActiveRuns))
        {
            if (connection.GetAllEntriesFromHash(StorageKeys.Run(Guid.Parse(id))) is not { } run
                || !run.TryGetValue("step", out var step) || step is not (RunSteps.Plan or RunSteps.Apply)
                || !run.TryGetValue("node", out var node) || node.Length == 0)
            {
                continue;
            }

            var alive = nodes.TryGetValue(node, out var beat) && now - DateTimeOffset.Parse(beat, CultureInfo.InvariantCulture) <= runtime.Options.NodeTimeout;
            if (alive)
            {
                continue;
            }

            var attempt = int.Parse(run["attempt"], CultureInfo.InvariantCulture);
            var target = run["target"];
            var deploymentId = Guid.Parse(id);
            logger.LogWarning("Node {Node} is silent; recovering the {Step} of deployment {DeploymentId} of {Target}.", node, step, deploymentId, target);
            new BackgroundJobClient(runtime.Storage).Create<TargetEventJobs>(
                j => j.RecoverAsync(target, deploymentId, step, attempt, CancellationToken.None),
                new EnqueuedState(runtime.Options.SharedQueue));
            recovered++;
        }

        return recovered;
    }
}
