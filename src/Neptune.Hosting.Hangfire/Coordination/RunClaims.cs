using System.Globalization;
using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>
/// Lets a plan or apply job take its step under the target's lock, so a job that arrives late, twice, or after its
/// node was presumed dead does nothing. The apply claim is what makes a second apply impossible: it is recorded
/// before terraform starts, and a job that finds it already recorded never runs terraform.
/// </summary>
internal sealed class RunClaims(HangfireRuntime runtime)
{
    /// <summary>What an apply job found when it tried to claim the apply.</summary>
    public enum ApplyClaim
    {
        /// <summary>Claimed: run terraform apply now.</summary>
        Claimed,

        /// <summary>Not this job's to do (the run moved on, or another node holds it).</summary>
        NotMine,

        /// <summary>An earlier attempt of this job started the apply and its end is unknown.</summary>
        AlreadyStarted,
    }

    /// <summary>Claims plan attempt <paramref name="attempt"/> for this node; returns the deployment, or <see langword="null"/> when the run no longer wants it.</summary>
    public Deployment? ClaimPlan(DeployTarget target, Guid deploymentId, int attempt)
    {
        using var connection = runtime.Storage.GetConnection();
        using var targetLock = connection.AcquireDistributedLock(StorageKeys.TargetLock(target), runtime.Options.LockTimeout);
        var run = CurrentRun(connection, target, deploymentId);
        if (run is null || run.IsFinished || run.Plan.Status != JobStatus.InProgress || run.PlanAttempts != attempt)
        {
            return null;
        }

        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(StorageKeys.Run(deploymentId), new Dictionary<string, string>
        {
            ["target"] = target.Id,
            ["node"] = runtime.Node.Name,
            ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
            ["step"] = RunSteps.Plan,
            ["since"] = runtime.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        transaction.Commit();
        return run.Deployment;
    }

    /// <summary>Claims the apply for this node, recording that it started before terraform runs.</summary>
    public (ApplyClaim Claim, Deployment? Deployment, string? RecordedResult) ClaimApply(DeployTarget target, Guid deploymentId)
    {
        using var connection = runtime.Storage.GetConnection();
        using var targetLock = connection.AcquireDistributedLock(StorageKeys.TargetLock(target), runtime.Options.LockTimeout);
        var run = CurrentRun(connection, target, deploymentId);
        var placement = connection.GetAllEntriesFromHash(StorageKeys.Run(deploymentId)) ?? new Dictionary<string, string>();
        if (run is null || run.IsFinished || run.Apply.Status != JobStatus.InProgress || placement.GetValueOrDefault("node") != runtime.Node.Name)
        {
            return (ApplyClaim.NotMine, null, null);
        }

        if (placement.ContainsKey("applyStarted"))
        {
            return (ApplyClaim.AlreadyStarted, run.Deployment, placement.GetValueOrDefault("applyResult"));
        }

        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(StorageKeys.Run(deploymentId), new Dictionary<string, string>
        {
            ["applyStarted"] = runtime.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        transaction.Commit();
        return (ApplyClaim.Claimed, run.Deployment, null);
    }

    /// <summary>Records how the apply ended before it is reported, so a retried report never needs a second apply.</summary>
    public void RecordApplyResult(Guid deploymentId, string result)
    {
        using var connection = runtime.Storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(StorageKeys.Run(deploymentId), new Dictionary<string, string> { ["applyResult"] = result });
        transaction.Commit();
    }

    private static RunState? CurrentRun(global::Hangfire.Storage.IStorageConnection connection, DeployTarget target, Guid deploymentId)
    {
        var stored = connection.GetAllEntriesFromHash(StorageKeys.Target(target));
        if (stored is null || !stored.TryGetValue("state", out var json))
        {
            return null;
        }

        var state = DeployStateJson.Deserialize(json);
        return state.Current is { Phase: DeploymentPhase.Running } current && current.Deployment.Id == deploymentId ? current.Run : null;
    }
}
