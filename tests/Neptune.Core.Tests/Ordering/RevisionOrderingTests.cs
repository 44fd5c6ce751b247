using Neptune.Model;
using Neptune.Ordering;
using Neptune.Ports;
using Neptune.Runs;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Ordering;

public class RevisionOrderingTests
{
    private const string BehindText = "This revision is behind the current revision and will not be deployed.";
    private const string RevertAdvice = "revert the default branch to this revision to trigger a new deployment.";
    private const string InvalidRerunText = "Reruns are only supported on the most recent deploy";

    private static void AssertRunsWithAutoApproval(OrderingVerdict verdict)
    {
        Assert.Equal(OrderingVerdictKind.Run, verdict.Kind);
        Assert.True(verdict.Runs);
        Assert.Equal(ApprovalKind.Auto, verdict.Approval!.Kind);
        Assert.Null(verdict.Message);
    }

    private static string AssertRunsWithManualApproval(OrderingVerdict verdict)
    {
        Assert.Equal(OrderingVerdictKind.Run, verdict.Kind);
        Assert.NotNull(verdict.Approval);
        Assert.Equal(ApprovalKind.Manual, verdict.Approval.Kind);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Approval.Reason));
        return verdict.Approval.Reason;
    }

    [Theory]
    [InlineData(CompareDirection.Ahead)]
    [InlineData(CompareDirection.Behind)]
    [InlineData(CompareDirection.Diverged)]
    public void First_deploy_of_a_merge_runs_with_auto_approval_whatever_the_direction(CompareDirection ignored)
    {
        AssertRunsWithAutoApproval(RevisionOrdering.Decide(Merge(ShaA), latest: null, ignored));
    }

    [Fact]
    public void First_deploy_of_a_manual_request_needs_review()
    {
        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(Manual(ShaA), latest: null, CompareDirection.Ahead));

        Assert.Equal("Manually triggered deploys must be confirmed.", reason);
    }

    [Theory]
    [InlineData(Trigger.Merge)]
    [InlineData(Trigger.Manual)]
    public void Behind_revision_is_rejected_with_the_spec_message(Trigger trigger)
    {
        var request = trigger == Trigger.Merge ? Merge(ShaA) : Manual(ShaA);

        var verdict = RevisionOrdering.Decide(request, Latest(ShaB), CompareDirection.Behind);

        Assert.Equal(OrderingVerdictKind.RejectBehind, verdict.Kind);
        Assert.False(verdict.Runs);
        Assert.Null(verdict.Approval);
        Assert.StartsWith(BehindText, verdict.Message, StringComparison.Ordinal);
        Assert.EndsWith(RevertAdvice, verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_identical_to_the_deployed_revision_runs_with_auto_approval()
    {
        AssertRunsWithAutoApproval(RevisionOrdering.Decide(Merge(ShaA), Latest(ShaA), CompareDirection.Identical));
    }

    [Fact]
    public void Merge_ahead_of_the_deployed_revision_runs_with_auto_approval()
    {
        AssertRunsWithAutoApproval(RevisionOrdering.Decide(Merge(ShaB), Latest(ShaA), CompareDirection.Ahead));
    }

    [Theory]
    [InlineData(CompareDirection.Ahead)]
    [InlineData(CompareDirection.Identical)]
    public void Manual_request_needs_review_because_it_was_triggered_manually(CompareDirection direction)
    {
        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(Manual(ShaB), Latest(ShaA), direction));

        Assert.Equal("Manually triggered deploys must be confirmed.", reason);
    }

    [Fact]
    public void Diverged_merge_needs_review_naming_the_deployed_revision_and_its_initiator()
    {
        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(Merge(ShaB), Latest(ShaA, user: "carol"), CompareDirection.Diverged));

        Assert.Contains(ShaA, reason, StringComparison.Ordinal);
        Assert.Contains("@carol", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("rebase", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Diverged_request_from_another_branch_is_asked_to_rebase_onto_the_default_branch()
    {
        var request = Manual(ShaB, branch: "feature/vpc");

        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(request, Latest(ShaA, user: "carol"), CompareDirection.Diverged));

        Assert.Contains(ShaA, reason, StringComparison.Ordinal);
        Assert.Contains("@carol", reason, StringComparison.Ordinal);
        Assert.Contains("rebase", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("feature/vpc", reason, StringComparison.Ordinal);
        Assert.Contains("main", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Diverged_manual_request_from_the_default_branch_is_not_asked_to_rebase()
    {
        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(Manual(ShaB, branch: "main"), Latest(ShaA), CompareDirection.Diverged));

        Assert.Contains(ShaA, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("rebase", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Diverged_from_a_deployment_of_unknown_initiator_says_so()
    {
        var reason = AssertRunsWithManualApproval(RevisionOrdering.Decide(Merge(ShaB), Latest(ShaA, user: null), CompareDirection.Diverged));

        Assert.Contains("unknown user", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_of_the_deployed_revision_runs_with_manual_review()
    {
        var verdict = RevisionOrdering.Decide(Manual(ShaA, rerun: true), Latest(ShaA), CompareDirection.Identical);

        Assert.Equal("Manually triggered deploys must be confirmed.", AssertRunsWithManualApproval(verdict));
    }

    [Theory]
    [InlineData(CompareDirection.Ahead)]
    [InlineData(CompareDirection.Diverged)]
    public void Rerun_of_anything_but_the_deployed_revision_is_rejected(CompareDirection direction)
    {
        var verdict = RevisionOrdering.Decide(Manual(ShaB, rerun: true), Latest(ShaA), direction);

        Assert.Equal(OrderingVerdictKind.RejectInvalidRerun, verdict.Kind);
        Assert.Null(verdict.Approval);
        Assert.StartsWith(InvalidRerunText, verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_without_any_deployment_runs()
    {
        var verdict = RevisionOrdering.Decide(Manual(ShaA, rerun: true), latest: null, CompareDirection.Diverged);

        AssertRunsWithManualApproval(verdict);
    }

    [Fact]
    public void Behind_takes_precedence_over_an_invalid_rerun()
    {
        var verdict = RevisionOrdering.Decide(Manual(ShaA, rerun: true), Latest(ShaB), CompareDirection.Behind);

        Assert.Equal(OrderingVerdictKind.RejectBehind, verdict.Kind);
        Assert.StartsWith(BehindText, verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_direction_with_a_latest_deployment_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RevisionOrdering.Decide(Merge(ShaB), Latest(ShaA), (CompareDirection)42));
    }
}
