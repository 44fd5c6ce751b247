using global::Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.Hosting.Hangfire.Nodes;

namespace Neptune.Hosting.Hangfire;

/// <summary>
/// A worker node: a Hangfire server listening to this node's private queue (applies and cleanups pinned to the files
/// it holds) and the shared queue, plus the heartbeat that lets other nodes notice when it dies.
/// </summary>
public sealed class HangfireNeptuneNode : IHostedService, IDisposable
{
    private readonly HangfireRuntime runtime;
    private readonly NodeSweeper sweeper;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private BackgroundJobServer? server;
    private Task? heartbeat;

    /// <summary>Creates the node of <paramref name="neptune"/>'s process; nothing runs until <see cref="StartAsync"/>.</summary>
    public HangfireNeptuneNode(HangfireNeptune neptune)
    {
        ArgumentNullException.ThrowIfNull(neptune);
        runtime = neptune.Runtime;
        sweeper = new NodeSweeper(runtime);
        logger = runtime.LoggerFactory.CreateLogger<HangfireNeptuneNode>();
    }

    /// <summary>This node's private queue.</summary>
    public string Queue => runtime.Node.Queue;

    /// <summary>Writes the first heartbeat, then starts the Hangfire server and the heartbeat loop.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            throw new InvalidOperationException("The node has already started.");
        }

        sweeper.Beat();
        var options = new BackgroundJobServerOptions
        {
            ServerName = runtime.Node.Name,
            Queues = [runtime.Node.Queue, runtime.Options.SharedQueue],
            WorkerCount = runtime.Options.WorkerCount,
            SchedulePollingInterval = runtime.Options.SchedulePollingInterval,
            Activator = new NeptuneJobActivator(runtime),
        };
        server = new BackgroundJobServer(options, runtime.Storage);
        heartbeat = Task.Run(() => sweeper.RunAsync(stopping.Token), CancellationToken.None);
        logger.LogInformation("Neptune node {Node} started on queues {Queues}.", runtime.Node.Name, string.Join(", ", options.Queues));
        return Task.CompletedTask;
    }

    /// <summary>Stops taking jobs and waits for running ones (terraform is cancelled; the work is recovered elsewhere).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (server is { } s)
        {
            s.SendStop();
            await Task.Run(s.Dispose, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (heartbeat is { } h)
        {
            await h.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the Hangfire server if it was not stopped.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        server?.Dispose();
        stopping.Dispose();
    }

    /// <summary>Runs one sweep now (tests use it instead of waiting for the heartbeat interval).</summary>
    internal int SweepNow() => sweeper.Sweep();
}
