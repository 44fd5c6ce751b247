namespace Neptune.Runs;

/// <summary>The timing and retry rules of spec §4–§5, shared by every host.</summary>
public static class RunPolicy
{
    /// <summary>How long a plan waits for Confirm or Reject before it times out (nothing is applied).</summary>
    public static readonly TimeSpan ReviewTimeout = TimeSpan.FromDays(7);

    /// <summary>A coordinator with nothing to do and no new revision for this long stops.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(60);

    /// <summary>How often a long step reports that it is alive.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>A worker silent for this long is presumed dead.</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Longest run of one step (fetch, plan, apply…).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(60);

    /// <summary>Longest wait for a worker to pick a step up.</summary>
    public static readonly TimeSpan ScheduleToStartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Between SIGTERM and SIGKILL when a terraform process is cancelled.</summary>
    public static readonly TimeSpan CancellationGracePeriod = TimeSpan.FromSeconds(60);

    /// <summary>Plans are retried for infrastructure errors, never for terraform's own errors.</summary>
    public static readonly RetryPolicy Plan = new(
        MaximumAttempts: 5,
        InitialInterval: TimeSpan.FromSeconds(1),
        BackoffCoefficient: 2,
        MaximumInterval: TimeSpan.FromMinutes(1),
        NonRetryable: [RunOutcome.TerraformFailed]);

    /// <summary>Apply is attempted exactly once: a second apply of a half-applied plan is never safe to assume.</summary>
    public static readonly RetryPolicy Apply = new(
        MaximumAttempts: 1,
        InitialInterval: TimeSpan.Zero,
        BackoffCoefficient: 1,
        MaximumInterval: TimeSpan.Zero,
        NonRetryable: [RunOutcome.TerraformFailed, RunOutcome.InternalError, RunOutcome.HeartbeatTimeout, RunOutcome.DurationTimeout, RunOutcome.SchedulingTimeout, RunOutcome.Interrupted]);

    /// <summary>Comparing revisions is retried until it works: an error never skips the ordering check.</summary>
    public static readonly RetryPolicy Compare = new(
        MaximumAttempts: 0,
        InitialInterval: TimeSpan.FromSeconds(1),
        BackoffCoefficient: 2,
        MaximumInterval: TimeSpan.FromMinutes(5),
        NonRetryable: []);

    /// <summary>Publishing check runs and audit events is retried until it works: nothing is dropped.</summary>
    public static readonly RetryPolicy Publish = Compare;
}
