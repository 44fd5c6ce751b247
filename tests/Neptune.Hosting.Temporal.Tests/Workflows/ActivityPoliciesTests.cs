using Neptune.Hosting.Temporal.Workflows;
using Neptune.Runs;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>Spec §5 activity options and the mapping of Temporal failures to run outcomes.</summary>
public sealed class ActivityPoliciesTests
{
    [Fact]
    public void Plan_steps_are_pinned_and_timed_as_specified_and_never_retry_terraform_errors()
    {
        var o = ActivityPolicies.PlanStep("terraform-host-1");

        Assert.Equal("terraform-host-1", o.TaskQueue);
        Assert.Equal(TimeSpan.FromMinutes(60), o.StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), o.HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), o.ScheduleToStartTimeout);
        Assert.Equal(RunPolicy.Plan.MaximumAttempts, o.RetryPolicy!.MaximumAttempts);
        Assert.Equal(["TerraformClientException"], o.RetryPolicy.NonRetryableErrorTypes);
    }

    [Fact]
    public void Apply_is_attempted_exactly_once()
    {
        var o = ActivityPolicies.ApplyStep("terraform-host-1");

        Assert.Equal(1, o.RetryPolicy!.MaximumAttempts);
        Assert.Equal("terraform-host-1", o.TaskQueue);
        Assert.Equal(TimeSpan.FromMinutes(1), o.HeartbeatTimeout);
    }

    [Fact]
    public void Coordinator_activities_retry_until_they_work()
    {
        Assert.Equal(0, ActivityPolicies.Coordinator.RetryPolicy!.MaximumAttempts);
        Assert.Equal("terraform", ActivityPolicies.Claim("terraform").TaskQueue);
    }

    public static TheoryData<string, RunOutcome> Failures => new()
    {
        { "terraform", RunOutcome.TerraformFailed },
        { "heartbeat", RunOutcome.HeartbeatTimeout },
        { "start-to-close", RunOutcome.DurationTimeout },
        { "schedule-to-start", RunOutcome.SchedulingTimeout },
        { "cancelled", RunOutcome.Interrupted },
        { "other", RunOutcome.InternalError },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Activity_failures_map_to_run_outcomes(string kind, RunOutcome expected)
    {
        var cause = kind switch
        {
            "terraform" => new Failure { Message = "plan exited 1", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "TerraformClientException", NonRetryable = true } },
            "heartbeat" => Timeout(TimeoutType.Heartbeat),
            "start-to-close" => Timeout(TimeoutType.StartToClose),
            "schedule-to-start" => Timeout(TimeoutType.ScheduleToStart),
            "cancelled" => new Failure { Message = "cancelled", CanceledFailureInfo = new CanceledFailureInfo() },
            _ => new Failure { Message = "disk full", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "IOException" } },
        };
        var failure = new Failure
        {
            Message = "activity failed",
            ActivityFailureInfo = new ActivityFailureInfo { ActivityId = "1", ActivityType = new Temporalio.Api.Common.V1.ActivityType { Name = "neptune-plan" } },
            Cause = cause,
        };
        var exception = DataConverter.Default.FailureConverter.ToException(failure, DataConverter.Default.PayloadConverter);

        Assert.Equal(expected, ActivityFailures.Outcome(exception));
        Assert.False(string.IsNullOrWhiteSpace(ActivityFailures.Message(exception)));
    }

    private static Failure Timeout(TimeoutType type) => new() { Message = "timeout", TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = type } };
}
