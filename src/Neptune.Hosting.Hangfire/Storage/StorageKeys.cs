using Neptune.Model;

namespace Neptune.Hosting.Hangfire.Storage;

/// <summary>The names of everything Neptune keeps in the Hangfire storage (hashes, sets, lists, locks).</summary>
internal static class StorageKeys
{
    /// <summary>Set of every target id ever started.</summary>
    public const string Targets = "neptune:targets";

    /// <summary>Hash of node name → last heartbeat (round-trip time).</summary>
    public const string Nodes = "neptune:nodes";

    /// <summary>Set of deployments whose run has a step in flight (planning or applying).</summary>
    public const string ActiveRuns = "neptune:runs";

    /// <summary>Hash of a target: its decider state (<c>state</c>, DeployStateJson).</summary>
    public static string Target(DeployTarget target) => $"neptune:target:{target.Id}";

    /// <summary>The distributed lock held while a target's event is decided and saved.</summary>
    public static string TargetLock(DeployTarget target) => $"neptune:lock:target:{target.Id}";

    /// <summary>Set of a target's undelivered outbox items (scored by sequence).</summary>
    public static string Outbox(DeployTarget target) => $"neptune:outbox:{target.Id}";

    /// <summary>The lock held while a target's outbox is delivered, so its items leave in order.</summary>
    public static string OutboxLock(DeployTarget target) => $"neptune:lock:outbox:{target.Id}";

    /// <summary>Hash of (deployment:generation) → GitHub check-run id, for a target.</summary>
    public static string CheckRunIds(DeployTarget target) => $"neptune:checkruns:{target.Id}";

    /// <summary>Hash marking an event id as handled.</summary>
    public static string Event(string eventId) => $"neptune:event:{eventId}";

    /// <summary>Hash of a deployment: <c>target</c>, and once finished <c>outcome</c>, <c>finishedAt</c>, <c>snapshot</c>.</summary>
    public static string Deployment(Guid deploymentId) => $"neptune:deployment:{deploymentId}";

    /// <summary>Hash of a run's placement: <c>target</c>, <c>node</c>, <c>attempt</c>, <c>step</c>, <c>applyStarted</c>, <c>applyResult</c>.</summary>
    public static string Run(Guid deploymentId) => $"neptune:run:{deploymentId}";
}
