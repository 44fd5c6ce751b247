using Neptune.Runs;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Maps how a Temporal activity failed to Core's <see cref="RunOutcome"/> (spec §5: the final result names the reason).</summary>
internal static class ActivityFailures
{
    /// <summary>The outcome a failed step reports to the <see cref="RunDecider"/>.</summary>
    public static RunOutcome Outcome(Exception failure) => Cause(failure) switch
    {
        ApplicationFailureException { ErrorType: ActivityPolicies.TerraformClientError } => RunOutcome.TerraformFailed,
        TimeoutFailureException { TimeoutType: TimeoutType.Heartbeat } => RunOutcome.HeartbeatTimeout,
        TimeoutFailureException { TimeoutType: TimeoutType.ScheduleToStart } => RunOutcome.SchedulingTimeout,
        TimeoutFailureException => RunOutcome.DurationTimeout,
        CanceledFailureException => RunOutcome.Interrupted,
        _ => RunOutcome.InternalError,
    };

    /// <summary>What went wrong, for the check run.</summary>
    public static string Message(Exception failure) => Cause(failure) switch
    {
        TimeoutFailureException { TimeoutType: TimeoutType.Heartbeat } => "the worker stopped heartbeating (presumed dead).",
        TimeoutFailureException { TimeoutType: TimeoutType.ScheduleToStart } => "no terraform worker picked the step up in time.",
        TimeoutFailureException => "the step ran longer than its limit.",
        var cause => cause.Message,
    };

    private static Exception Cause(Exception failure) =>
        failure is ActivityFailureException { InnerException: { } inner } ? inner : failure;
}
