using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Tests.Runs;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Spec §4.5, §5, §6 and §8 as the coordinator sees them: run states in, check runs, audit and persistence out.</summary>
public class DeployDeciderRunTests
{
    /// <summary>How a test run ends.</summary>
    public enum Ending
    {
        Applied,
        ApplyFailedInTerraform,
        ApplyTimedOut,
        ApplyInterrupted,
        PlanFailedInTerraform,
        PlanFailedInternally,
        PlanRejected,
        ReviewTimedOut,
    }

    private static List<DeployCommand> End(DeployFlow flow, int n, Ending ending)
    {
        flow.Begin(n);
        switch (ending)
        {
            case Ending.PlanFailedInTerraform:
                return flow.PlanFails(n, RunOutcome.TerraformFailed);
            case Ending.PlanFailedInternally:
                return flow.PlanFails(n, RunOutcome.InternalError);
            case Ending.PlanRejected:
                flow.Plan(n);
                return flow.Review(n, ReviewDecision.Reject);
            case Ending.ReviewTimedOut:
                flow.Plan(n);
                return flow.ReviewTimesOut(n);
        }

        flow.Plan(n);
        flow.Review(n, ReviewDecision.Confirm);
        return ending switch
        {
            Ending.Applied => flow.Applied(n),
            Ending.ApplyFailedInTerraform => flow.ApplyFails(n, RunOutcome.TerraformFailed),
            Ending.ApplyTimedOut => flow.ApplyFails(n, RunOutcome.HeartbeatTimeout),
            _ => flow.Run(n, new RunRecovered { At = flow.Now }),
        };
    }

    [Fact]
    public void Every_run_state_change_of_an_auto_approved_run_updates_one_check_run()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        var planning = PublicationOf(flow.Begin(1), 1);
        var applying = PublicationOf(flow.Plan(1), 1);
        var applied = PublicationOf(flow.Applied(1), 1);

        Assert.Equal((1, CheckRunStatus.InProgress, "Planning"), (planning.Generation, planning.View.Status, planning.View.Title));
        Assert.Equal((1, CheckRunStatus.InProgress, "Applying"), (applying.Generation, applying.View.Status, applying.View.Title));
        Assert.Equal((1, CheckRunStatus.Completed, CheckRunConclusion.Success), (applied.Generation, applied.View.Status, applied.View.Conclusion));
        Assert.Equal(JobStatus.Success, applied.View.Apply!.Status);
    }

    [Fact]
    public void Plan_awaiting_review_shows_Confirm_and_Reject_and_confirming_opens_a_new_check_run()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Begin(1);

        var review = PublicationOf(flow.Plan(1), 1);
        var applying = PublicationOf(flow.Review(1, ReviewDecision.Confirm), 1);
        var applied = PublicationOf(flow.Applied(1), 1);

        Assert.Equal((1, CheckRunStatus.Completed, CheckRunConclusion.ActionRequired), (review.Generation, review.View.Status, review.View.Conclusion));
        Assert.Equal([CheckRunButton.Confirm, CheckRunButton.Reject], review.View.Buttons);
        Assert.Equal((2, CheckRunStatus.InProgress), (applying.Generation, applying.View.Status));
        Assert.Equal((2, CheckRunConclusion.Success), (applied.Generation, applied.View.Conclusion));
    }

    [Fact]
    public void Successful_apply_publishes_RUNNING_then_SUCCESS_audit_exactly_once_each()
    {
        var flow = Started();
        var tags = new Dictionary<string, string> { ["environment"] = "production", ["project"] = "core-network" };
        flow.Request(1, Merge(ShaA, user: "alice", pullNumber: 481, tags: tags));
        var deployment = flow.StartOf(1).Deployment;
        Assert.Empty(Audits(flow.Begin(1)));

        flow.Now = T0.AddMinutes(3);
        var running = Assert.Single(Audits(flow.Plan(1)));
        flow.Now = T0.AddMinutes(9);
        var success = Assert.Single(Audits(flow.Applied(1)));

        Assert.Equal(AuditState.Running, running.State);
        Assert.Equal(deployment.ApplyJobId, running.Id);
        Assert.Equal((ShaA, "acme/infra", 481, "production", "core-network", "alice", "network"), (running.Revision, running.Repository, running.PullNumber, running.Environment, running.Project, running.InitiatingUser, running.RootName));
        Assert.Equal((T0.AddMinutes(3), (DateTimeOffset?)null), (running.StartTime, running.EndTime));
        Assert.Null(running.ApprovedBy);
        Assert.False(running.ForceApply);
        Assert.Equal(AuditState.Success, success.State);
        Assert.Equal(deployment.ApplyJobId, success.Id);
        Assert.Equal((T0.AddMinutes(3), T0.AddMinutes(9)), (success.StartTime, success.EndTime));
        Assert.Equal(2, Audits(flow.Issued).Count);
    }

    [Fact]
    public void Failed_apply_publishes_FAILURE_audit_after_RUNNING()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Begin(1);
        flow.Plan(1);

        var failure = Assert.Single(Audits(flow.ApplyFails(1)));

        Assert.Equal(AuditState.Failure, failure.State);
        Assert.Equal([AuditState.Running, AuditState.Failure], Audits(flow.Issued).Select(a => a.State));
    }

    [Fact]
    public void Audit_of_a_confirmed_forced_deploy_names_the_approver_and_the_force_flag()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA, force: true, user: "bob"));
        flow.Begin(1);
        flow.Plan(1);

        flow.Now = T0.AddMinutes(30);
        var running = Assert.Single(Audits(flow.Review(1, ReviewDecision.Confirm, user: "dana")));

        Assert.Equal(("dana", (DateTimeOffset?)T0.AddMinutes(30)), (running.ApprovedBy, running.ApprovedTime));
        Assert.True(running.ForceApply);
        Assert.Equal("bob", running.InitiatingUser);
    }

    [Fact]
    public void Replaying_the_same_RunStateChanged_does_not_publish_audit_twice()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Begin(1);
        flow.Plan(1);
        var applying = new RunStateChanged { At = T0, State = flow.RunOf(1) };

        var replay = flow.Step(applying);
        var again = flow.Step(applying);

        Assert.Empty(Audits(replay.Commands));
        Assert.Empty(Audits(again.Commands));
        Assert.Equal(1, PublicationOf(replay.Commands, 1).Generation);
        Assert.Single(Audits(flow.Issued));
    }

    [Fact]
    public void Rejected_plan_publishes_no_audit_and_skips_on_a_new_check_run()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Begin(1);
        flow.Plan(1);

        var commands = flow.Review(1, ReviewDecision.Reject);

        Assert.Empty(Audits(flow.Issued));
        var view = PublicationOf(commands, 1);
        Assert.Equal((2, CheckRunConclusion.Skipped), (view.Generation, view.View.Conclusion));
    }

    [Theory]
    [InlineData(Ending.Applied, RunOutcome.Succeeded, true)]
    [InlineData(Ending.ApplyFailedInTerraform, RunOutcome.TerraformFailed, true)]
    [InlineData(Ending.ApplyTimedOut, RunOutcome.HeartbeatTimeout, true)]
    [InlineData(Ending.ApplyInterrupted, RunOutcome.Interrupted, true)]
    [InlineData(Ending.PlanFailedInTerraform, RunOutcome.TerraformFailed, true)]
    [InlineData(Ending.PlanFailedInternally, RunOutcome.InternalError, true)]
    [InlineData(Ending.PlanRejected, RunOutcome.Rejected, false)]
    [InlineData(Ending.ReviewTimedOut, RunOutcome.ReviewTimeout, false)]
    public void Run_end_persists_the_deployment_as_latest_only_for_outcomes_that_persist(Ending ending, RunOutcome outcome, bool persists)
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaB, user: "bob"));
        flow.Resolve(1, CompareDirection.Ahead);

        var commands = End(flow, 1, ending);

        var finished = Assert.Single(commands.OfType<DeploymentFinished>());
        Assert.Equal(outcome, finished.Result.Outcome);
        if (persists)
        {
            var latest = Assert.Single(commands.OfType<PersistLatest>()).Deployment;
            Assert.Equal(LatestDeployment.From(flow.StartOf(1).Deployment), latest);
            Assert.Equal((Id(1), ShaB, Trigger.Manual, "bob"), (latest.Id, latest.Revision, latest.Trigger, latest.InitiatingUser));
            Assert.Equal(latest, flow.State.Latest);
        }
        else
        {
            Assert.DoesNotContain(commands, c => c is PersistLatest);
            Assert.Equal(Latest(ShaA), flow.State.Latest);
        }
    }

    [Fact]
    public void Run_end_reports_DeploymentFinished_with_the_result_and_final_run_and_forgets_the_deployment()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Begin(1);
        flow.Plan(1);

        var commands = flow.ApplyFails(1);

        var finished = Assert.Single(commands.OfType<DeploymentFinished>());
        Assert.Equal(Id(1), finished.Deployment.Id);
        Assert.Same(flow.RunOf(1), finished.Run);
        Assert.Same(flow.RunOf(1).Result, finished.Result);
        Assert.Null(flow.State.Current);
        Assert.Null(flow.State.CheckRunOf(Id(1)));
        Assert.IsType<ScheduleIdleTimer>(commands[^1]);
    }

    [Fact]
    public void Run_end_persists_before_the_next_item_leaves_and_publishes_its_final_check_run_first()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Begin(1);
        flow.Plan(1);

        var commands = flow.Applied(1);

        var kinds = commands.Select(c => c switch
        {
            PublishCheckRun p => $"check run {p.Publication.DeploymentId == Id(1)}",
            _ => c.GetType().Name,
        }).ToList();
        Assert.Equal(
            ["PublishAudit", "check run True", "PersistLatest", "DeploymentFinished", "check run False", "CompareRevisions"],
            kinds);
        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaA, ShaB), commands);
    }

    [Fact]
    public void RunStateChanged_after_the_deployment_finished_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Deploy(1);

        var reason = flow.Refused(new RunStateChanged { At = T0, State = flow.RunOf(1) });

        Assert.Contains("is not the running deployment", reason, StringComparison.Ordinal);
        Assert.Single(flow.Issued.OfType<PersistLatest>());
    }

    [Fact]
    public void RunStateChanged_while_the_ordering_check_is_pending_is_refused()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));
        var early = RunFlow.Step(null, new RunRequested { At = T0, Deployment = flow.State.Current!.Deployment, Approval = PlanApproval.Auto }).State!;

        flow.Refused(new RunStateChanged { At = T0, State = early });
    }

    [Fact]
    public void RunStateChanged_of_another_deployment_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        var stranger = RunFlow.Step(null, new RunRequested { At = T0, Deployment = Deployment(Merge(ShaB), 2), Approval = PlanApproval.Auto }).State!;

        flow.Refused(new RunStateChanged { At = T0, State = stranger });
    }
}
