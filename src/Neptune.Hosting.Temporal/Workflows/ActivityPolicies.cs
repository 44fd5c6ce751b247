using Neptune.Runs;
using Temporalio.Common;
using Temporalio.Workflows;
using TemporalRetryPolicy = Temporalio.Common.RetryPolicy;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>
/// Activity options of spec §5, built from Core's <see cref="RunPolicy"/> so Temporal applies the same timeouts and
/// retries as every other host: 60 min per step, a 1 min heartbeat timeout, 5 min to be picked up, plans retried
/// except for terraform's own errors, apply exactly once.
/// </summary>
internal static class ActivityPolicies
{
    /// <summary>The error type activities give a terraform client error (non-zero exit, bad root, no executable).</summary>
    public const string TerraformClientError = "TerraformClientException";

    /// <summary>Claiming a run: any terraform worker of the shared queue answers with its own queue.</summary>
    public static ActivityOptions Claim(string terraformTaskQueue) => new()
    {
        TaskQueue = terraformTaskQueue,
        ScheduleToStartTimeout = RunPolicy.ScheduleToStartTimeout,
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = Retry(RunPolicy.Plan),
    };

    /// <summary>Fetch, init, plan and show on the claimed worker: retried for infrastructure errors only.</summary>
    public static ActivityOptions PlanStep(string workerQueue) => Step(workerQueue, RunPolicy.Plan);

    /// <summary>Apply on the claimed worker: attempted exactly once.</summary>
    public static ActivityOptions ApplyStep(string workerQueue) => Step(workerQueue, RunPolicy.Apply);

    /// <summary>Persisting a job log and removing the workspace on the claimed worker; run even after cancellation.</summary>
    public static ActivityOptions Housekeeping(string workerQueue, CancellationToken cancellationToken) => new()
    {
        TaskQueue = workerQueue,
        ScheduleToStartTimeout = RunPolicy.ScheduleToStartTimeout,
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        RetryPolicy = new TemporalRetryPolicy { MaximumAttempts = 3 },
        CancellationToken = cancellationToken,
    };

    /// <summary>Reading the latest deployment, comparing revisions, delivering check runs and audit events: retried until they work.</summary>
    public static ActivityOptions Coordinator => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        RetryPolicy = Retry(RunPolicy.Compare),
    };

    private static ActivityOptions Step(string workerQueue, Neptune.Runs.RetryPolicy policy) => new()
    {
        TaskQueue = workerQueue,
        StartToCloseTimeout = RunPolicy.StepTimeout,
        HeartbeatTimeout = RunPolicy.HeartbeatTimeout,
        ScheduleToStartTimeout = RunPolicy.ScheduleToStartTimeout,
        RetryPolicy = Retry(policy),
    };

    /// <summary>Translates Core's retry policy into Temporal's.</summary>
    internal static TemporalRetryPolicy Retry(Neptune.Runs.RetryPolicy policy) => new()
    {
        MaximumAttempts = policy.MaximumAttempts,
        InitialInterval = policy.InitialInterval > TimeSpan.Zero ? policy.InitialInterval : TimeSpan.FromSeconds(1),
        BackoffCoefficient = (float)Math.Max(1.0, policy.BackoffCoefficient),
        MaximumInterval = policy.MaximumInterval > TimeSpan.Zero ? policy.MaximumInterval : null,
        NonRetryableErrorTypes = policy.NonRetryable.Contains(RunOutcome.TerraformFailed) ? [TerraformClientError] : [],
    };
}
