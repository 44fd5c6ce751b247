using System.Collections.Concurrent;
using global::Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Hosting.Hangfire.Nodes;
using Neptune.Logs;

namespace Neptune.Hosting.Hangfire;

/// <summary>What every job, the client and the node share in one process: storage, ports, options, clock and this node's identity.</summary>
internal sealed class HangfireRuntime
{
    public HangfireRuntime(JobStorage storage, HangfireOptions options, HangfirePorts ports, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        Storage = storage;
        Options = options;
        Ports = ports;
        Time = time;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Node = NodeIdentity.Create(options.NodeName);
        Events = new TargetEventHandler(this);
    }

    public JobStorage Storage { get; }

    public HangfireOptions Options { get; }

    public HangfirePorts Ports { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    public NodeIdentity Node { get; }

    public TargetEventHandler Events { get; }

    public JobLogOptions JobLogOptions => Options.JobLogs;

    /// <summary>Logs of jobs running on this node, readable live.</summary>
    public ConcurrentDictionary<Guid, JobLog> LiveLogs { get; } = new();
}
