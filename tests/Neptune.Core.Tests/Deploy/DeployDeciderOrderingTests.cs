using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Ordering;
using Neptune.Ports;
using Neptune.Runs;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Spec §4 steps 1–4: the ordering check of the deployment leaving the queue, and its plan approval.</summary>
public class DeployDeciderOrderingTests
{
    [Fact]
    public void Behind_revision_is_rejected_with_a_failure_check_run_and_nothing_runs_or_persists()
    {
        var flow = Started(Latest(ShaB));
        flow.Request(1, Merge(ShaA));

        var decision = flow.Resolve(1, CompareDirection.Behind);

        var publication = PublicationOf(decision.Commands, 1);
        Assert.Equal(CheckRunStatus.Completed, publication.View.Status);
        Assert.Equal(CheckRunConclusion.Failure, publication.View.Conclusion);
        Assert.Equal(RevisionOrdering.BehindMessage, publication.View.Explanation);
        var finished = Assert.Single(decision.Commands.OfType<DeploymentFinished>());
        Assert.Equal((Id(1), RunOutcome.ValidationFailed, RevisionOrdering.BehindMessage), (finished.Deployment.Id, finished.Result.Outcome, finished.Result.Message));
        Assert.Null(finished.Run);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun or PersistLatest);
        Assert.Empty(flow.StartedRuns());
        Assert.Equal(ShaB, flow.State.Latest!.Revision);
        Assert.Null(flow.State.Current);
        Assert.Null(flow.State.CheckRunOf(Id(1)));
    }

    [Theory]
    [InlineData(CompareDirection.Ahead)]
    [InlineData(CompareDirection.Identical)]
    public void Merge_ahead_of_or_identical_to_the_latest_revision_is_approved_automatically(CompareDirection direction)
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));

        var decision = flow.Resolve(1, direction);

        var start = Assert.Single(decision.Commands.OfType<StartRun>());
        Assert.Equal((Id(1), PlanApproval.Auto), (start.Deployment.Id, start.Approval));
        Assert.Equal(DeploymentPhase.Running, flow.State.Current!.Phase);
        Assert.Equal(PlanApproval.Auto, flow.State.Current.Approval);
    }

    [Fact]
    public void Diverged_revision_needs_a_manual_review_naming_the_deployed_revision_and_its_initiator()
    {
        var flow = Started(Latest(ShaA, user: "carol"));
        flow.Request(1, Merge(ShaB));

        var decision = flow.Resolve(1, CompareDirection.Diverged);

        var approval = Assert.Single(decision.Commands.OfType<StartRun>()).Approval;
        Assert.Equal(ApprovalKind.Manual, approval.Kind);
        Assert.Contains(ShaA, approval.Reason, StringComparison.Ordinal);
        Assert.Contains("@carol", approval.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("rebase", approval.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Diverged_revision_from_a_non_default_branch_is_asked_to_rebase()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaB, branch: "feature/vpc"));

        var decision = flow.Resolve(1, CompareDirection.Diverged);

        var approval = Assert.Single(decision.Commands.OfType<StartRun>()).Approval;
        Assert.Equal(ApprovalKind.Manual, approval.Kind);
        Assert.Contains("rebase it onto main", approval.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Manually_triggered_deploy_ahead_of_the_latest_must_be_confirmed()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaB));

        var decision = flow.Resolve(1, CompareDirection.Ahead);

        Assert.Equal(PlanApproval.Manual(RevisionOrdering.ManualTriggerReason), Assert.Single(decision.Commands.OfType<StartRun>()).Approval);
    }

    [Theory]
    [InlineData(CompareDirection.Ahead, RevisionOrdering.InvalidRerunMessage)]
    [InlineData(CompareDirection.Diverged, RevisionOrdering.InvalidRerunMessage)]
    [InlineData(CompareDirection.Behind, RevisionOrdering.BehindMessage)]
    public void Rerun_of_anything_but_the_latest_revision_is_rejected(CompareDirection direction, string message)
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaB, rerun: true));

        var decision = flow.Resolve(1, direction);

        var view = PublicationOf(decision.Commands, 1).View;
        Assert.Equal((CheckRunConclusion.Failure, message), (view.Conclusion, view.Explanation));
        Assert.Equal(RunOutcome.ValidationFailed, Assert.Single(decision.Commands.OfType<DeploymentFinished>()).Result.Outcome);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun or PersistLatest);
    }

    [Fact]
    public void Rerun_of_the_latest_revision_runs_with_a_manual_review()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaA, rerun: true));

        var decision = flow.Resolve(1, CompareDirection.Identical);

        Assert.Equal(ApprovalKind.Manual, Assert.Single(decision.Commands.OfType<StartRun>()).Approval.Kind);
    }

    [Fact]
    public void Rerun_of_a_never_deployed_target_runs_without_a_compare()
    {
        var flow = Started();

        var decision = flow.Request(1, Manual(ShaA, rerun: true));

        Assert.DoesNotContain(decision.Commands, c => c is CompareRevisions);
        Assert.Equal(ApprovalKind.Manual, Assert.Single(decision.Commands.OfType<StartRun>()).Approval.Kind);
    }

    [Fact]
    public void Forced_manual_deploy_is_still_compared_since_the_spec_gives_force_no_ordering_exception()
    {
        // Spec §4.1 compares every request with the latest deployment; §1 and §8 only carry the flag.
        var flow = Started(Latest(ShaB));

        var decision = flow.Request(1, Manual(ShaA, force: true));

        Assert.Contains(new CompareRevisions(Id(1), Repo, ShaB, ShaA), decision.Commands);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun);
        var rejected = flow.Resolve(1, CompareDirection.Behind);
        Assert.Equal(RunOutcome.ValidationFailed, Assert.Single(rejected.Commands.OfType<DeploymentFinished>()).Result.Outcome);
    }

    [Fact]
    public void Forced_manual_deploy_carries_its_flag_into_the_run_and_the_latest_record()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Manual(ShaB, force: true));
        flow.Resolve(1, CompareDirection.Ahead);

        var commands = flow.Deploy(1);

        Assert.True(flow.StartOf(1).Deployment.Request.Force);
        Assert.True(Assert.Single(commands.OfType<PersistLatest>()).Deployment.ManualForce);
    }

    [Fact]
    public void Rejected_revision_lets_the_next_queued_item_leave()
    {
        var flow = Started(Latest(ShaB));
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaC));

        var decision = flow.Resolve(1, CompareDirection.Behind);

        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaB, ShaC), decision.Commands);
        Assert.Equal(CheckRunStatus.InProgress, PublicationOf(decision.Commands, 2).View.Status);
        Assert.Equal(Id(2), flow.State.Current!.Deployment.Id);
    }

    [Fact]
    public void Next_item_is_compared_with_the_revision_the_previous_run_persisted()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));
        flow.Request(2, Merge(ShaC));
        flow.Resolve(1, CompareDirection.Ahead);

        var commands = flow.Deploy(1);

        Assert.Equal(ShaB, flow.State.Latest!.Revision);
        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaB, ShaC), commands);
    }

    [Fact]
    public void Ordering_result_for_a_deployment_that_is_not_waiting_for_one_is_refused()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));
        flow.Request(2, Merge(ShaC));

        flow.Refused(flow.Ordering(2, CompareDirection.Ahead));
        flow.Refused(flow.Ordering(99, CompareDirection.Ahead));
        flow.Resolve(1, CompareDirection.Ahead);
        var reason = flow.Refused(flow.Ordering(1, CompareDirection.Ahead));

        Assert.Contains("not waiting for an ordering check", reason, StringComparison.Ordinal);
        Assert.Single(flow.StartedRuns());
    }

    [Fact]
    public void Ordering_result_with_an_undefined_direction_is_refused()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));

        var reason = flow.Refused(flow.Ordering(1, (CompareDirection)42));

        Assert.Contains("42", reason, StringComparison.Ordinal);
    }
}
