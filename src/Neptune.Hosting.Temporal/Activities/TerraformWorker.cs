using System.Collections.Concurrent;
using Neptune.Logs;

namespace Neptune.Hosting.Temporal.Activities;

/// <summary>
/// This process as a terraform worker: its own task queue (runs are pinned to it because the checkout and the plan
/// file stay on its disk), its workspaces, and the job logs being written here.
/// </summary>
public sealed class TerraformWorker
{
    /// <summary>Creates the worker.</summary>
    /// <param name="taskQueue">This host's own task queue; unique among all workers.</param>
    /// <param name="dataDir">Where workspaces live.</param>
    /// <param name="jobLogOptions">Redaction and buffering of job logs.</param>
    /// <param name="rootEnvironment">Extra environment variables for every terraform process.</param>
    public TerraformWorker(string taskQueue, string dataDir, JobLogOptions? jobLogOptions = null, IReadOnlyDictionary<string, string>? rootEnvironment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskQueue);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        TaskQueue = taskQueue;
        DataDir = Path.GetFullPath(dataDir);
        JobLogOptions = jobLogOptions ?? new JobLogOptions();
        RootEnvironment = rootEnvironment ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>This host's own task queue.</summary>
    public string TaskQueue { get; }

    /// <summary>The data directory (absolute).</summary>
    public string DataDir { get; }

    /// <summary>How job logs are filtered and buffered.</summary>
    public JobLogOptions JobLogOptions { get; }

    /// <summary>Extra environment variables for every terraform process.</summary>
    public IReadOnlyDictionary<string, string> RootEnvironment { get; }

    /// <summary>How often steps without terraform's own heartbeat (the git fetch) heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = Neptune.Runs.RunPolicy.HeartbeatInterval;

    /// <summary>Logs of jobs running on this worker, until they are persisted.</summary>
    internal ConcurrentDictionary<Guid, JobLog> LiveLogs { get; } = new();

    /// <summary>A job's live log on this worker, if it is running here.</summary>
    public JobLog? LiveLog(Guid jobId) => LiveLogs.TryGetValue(jobId, out var log) ? log : null;

    /// <summary>The job's log, created on first use: every step of a job appends to the same log.</summary>
    internal JobLog LogOf(Guid jobId) => LiveLogs.GetOrAdd(jobId, id => new JobLog(id, JobLogOptions));

    /// <summary>The workspace of a deployment: <c>&lt;DataDir&gt;/deployments/&lt;id&gt;</c>.</summary>
    public string DeploymentDir(Guid deploymentId) => Path.Combine(DataDir, "deployments", deploymentId.ToString());

    /// <summary>Makes a host-unique queue name from a prefix: <c>prefix-host-random</c>.</summary>
    public static string UniqueQueue(string prefix) =>
        $"{prefix}-{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
}
