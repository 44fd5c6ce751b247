namespace Neptune.Runs;

/// <summary>How a terraform run ended.</summary>
public enum RunOutcome
{
    /// <summary>Planned and applied.</summary>
    Succeeded,

    /// <summary>Terraform exited non-zero (a client error: not retried).</summary>
    TerraformFailed,

    /// <summary>Neptune or its infrastructure failed (fetch, disk, a crash).</summary>
    InternalError,

    /// <summary>The worker stopped heartbeating.</summary>
    HeartbeatTimeout,

    /// <summary>A step ran longer than its limit.</summary>
    DurationTimeout,

    /// <summary>No worker picked the step up in time.</summary>
    SchedulingTimeout,

    /// <summary>Nobody reviewed the plan in time; nothing was applied.</summary>
    ReviewTimeout,

    /// <summary>A person rejected the plan; nothing was applied.</summary>
    Rejected,

    /// <summary>The revision is behind, or a rerun is not of the latest deployment; nothing ran.</summary>
    ValidationFailed,

    /// <summary>The process died during the apply: the state of the infrastructure is unknown.</summary>
    Interrupted,
}

/// <summary>Rules about <see cref="RunOutcome"/> shared by every host.</summary>
public static class RunOutcomes
{
    /// <summary>
    /// Whether the deployment becomes the target's latest. Success does; so does every failure after
    /// terraform may have touched the infrastructure, on purpose: an older queued revision must not roll
    /// the root back past a half-applied one. Rejections, review timeouts and validation failures did not
    /// touch anything and do not.
    /// </summary>
    public static bool PersistsAsLatest(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Rejected or RunOutcome.ReviewTimeout or RunOutcome.ValidationFailed => false,
        _ => true,
    };

    /// <summary>Whether the outcome is a failure a step can report (as opposed to a decision of the run itself).</summary>
    public static bool IsStepFailure(RunOutcome outcome) => outcome is RunOutcome.TerraformFailed or RunOutcome.InternalError
        or RunOutcome.HeartbeatTimeout or RunOutcome.DurationTimeout or RunOutcome.SchedulingTimeout or RunOutcome.Interrupted;

    /// <summary>Whether the outcome is a timeout of some kind.</summary>
    public static bool IsTimeout(RunOutcome outcome) => outcome is RunOutcome.HeartbeatTimeout or RunOutcome.DurationTimeout
        or RunOutcome.SchedulingTimeout or RunOutcome.ReviewTimeout;
}
