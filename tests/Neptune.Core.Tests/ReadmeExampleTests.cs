using Neptune.Deploy;
using Neptune.Model;
using Neptune.CheckRuns;
using Neptune.Runs;

namespace Neptune.Tests;

/// <summary>The README's example must stay true: same calls, same commands.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void First_merge_of_a_target_publishes_a_check_run_starts_an_auto_approved_run_and_schedules_idle()
    {
        var target = DeployTarget.Parse("acme/infra||production");
        var state = new DeployState(target);
        var now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

        Assert.True(DeployDecider.Decide(state, new TargetStarted { At = now, Latest = null }).Accepted);
        var decision = DeployDecider.Decide(state, new RevisionRequested
        {
            At = now,
            DeploymentId = new Guid("5f0c8c1e-51a4-4e0b-9a53-3c1f4e5d6a7b"),
            Request = new RevisionRequest(target, "9f1c0e4b2a7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f", "main", Trigger.Merge, "octocat"),
        });

        Assert.Collection(
            decision.Commands,
            c => Assert.Equal(CheckRunStatus.InProgress, Assert.IsType<PublishCheckRun>(c).Publication.View.Status),
            c => Assert.Equal(ApprovalKind.Auto, Assert.IsType<StartRun>(c).Approval.Kind),
            c => Assert.Equal(now + RunPolicy.IdleTimeout, Assert.IsType<ScheduleIdleTimer>(c).DueAt));
    }
}
