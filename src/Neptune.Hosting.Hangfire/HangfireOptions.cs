using System.ComponentModel.DataAnnotations;
using Neptune.Logs;

namespace Neptune.Hosting.Hangfire;

/// <summary>Settings of the Hangfire host, bound from <c>Neptune:Hangfire</c>.</summary>
public sealed class HangfireOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:Hangfire";

    /// <summary>The queue every node listens to for coordination, compares, plans and deliveries.</summary>
    public const string DefaultSharedQueue = "neptune";

    /// <summary>Where a node keeps workspaces (checkouts and plan files) when nothing else is configured.</summary>
    public const string DefaultDataDir = "./.neptune";

    /// <summary>Where this node keeps deployment workspaces: <c>&lt;DataDir&gt;/deployments/&lt;id&gt;</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Neptune:Hangfire:DataDir must name a writable directory (default ./.neptune).")]
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>The shared queue name (lowercase letters, digits and underscores).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Neptune:Hangfire:SharedQueue must name a queue (default neptune).")]
    public string SharedQueue { get; set; } = DefaultSharedQueue;

    /// <summary>
    /// This node's name; its private queue is derived from it. Empty means <c>&lt;machine&gt;_&lt;pid&gt;</c>, unique per process,
    /// which is what a node that may be killed should use: a restarted process is a new node and never inherits a dead one's runs.
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>Whether this process runs a Hangfire server (a worker node). <see langword="false"/> makes a client only.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers of this node.</summary>
    [Range(1, 256, ErrorMessage = "Neptune:Hangfire:WorkerCount must be between 1 and 256 (default 8).")]
    public int WorkerCount { get; set; } = 8;

    /// <summary>How often a node writes its heartbeat and looks for runs of dead nodes.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = Runs.RunPolicy.HeartbeatInterval;

    /// <summary>A node whose heartbeat is older than this is presumed dead: its plans are planned again elsewhere, its applies marked interrupted.</summary>
    public TimeSpan NodeTimeout { get; set; } = Runs.RunPolicy.HeartbeatTimeout;

    /// <summary>The longest wait for a target's distributed lock.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the Hangfire server polls for scheduled jobs (timers).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra environment variables for every terraform process (for example provider credentials).</summary>
    public IDictionary<string, string> RootEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How job logs are filtered and buffered.</summary>
    public JobLogOptions JobLogs { get; } = new();

    /// <summary>The workspace of one deployment on this node.</summary>
    public string DeploymentDir(Guid deploymentId) => Path.Combine(Path.GetFullPath(DataDir), "deployments", deploymentId.ToString());
}
