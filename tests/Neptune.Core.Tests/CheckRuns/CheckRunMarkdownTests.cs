using Neptune.CheckRuns;
using static Neptune.Tests.CheckRuns.CheckRunTestData;

namespace Neptune.Tests.CheckRuns;

public class CheckRunMarkdownTests
{
    private static string Render(CheckRunView view) => CheckRunMarkdown.Render(view, Links);

    [Fact]
    public void Queued_with_nothing_ahead()
    {
        var md = Render(CheckRunViews.Queued(Deployment, []));

        Assert.Contains("No other runs ahead in queue.", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("queued-nothing-ahead", md);
    }

    [Fact]
    public void Queued_behind_two_runs_links_the_one_with_a_check_run()
    {
        var md = Render(CheckRunViews.Queued(Deployment, TwoAhead));

        Assert.Contains("Runs in queue:", md, StringComparison.Ordinal);
        Assert.Contains("(https://github.com/acme/infra/runs/25123456789)", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("queued-two-ahead", md);
    }

    [Fact]
    public void Locked_names_the_locking_revision_and_the_unlock_action()
    {
        var md = Render(CheckRunViews.Locked(Deployment, TestData.ShaD, []));

        Assert.Contains(TestData.ShaD, md, StringComparison.Ordinal);
        Assert.Contains("Unlock", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("locked", md);
    }

    [Fact]
    public void Planning_shows_the_job_table_with_the_plan_live_log()
    {
        var md = Render(CheckRunViews.Run(Planning()));

        Assert.Contains($"(https://neptune.example.com/jobs/{Deployment.PlanJobId})", md, StringComparison.Ordinal);
        Assert.DoesNotContain(Deployment.ApplyJobId.ToString(), md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("planning", md);
    }

    [Fact]
    public void Awaiting_review_shows_the_reason_deadline_and_plan_summary()
    {
        var md = Render(CheckRunViews.Run(AwaitingReview()));

        Assert.Contains("Plan: 2 to add, 1 to change, 0 to destroy.", md, StringComparison.Ordinal);
        Assert.Contains("Manually triggered deploys must be confirmed.", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("awaiting-review", md);
    }

    [Fact]
    public void Success_shows_both_jobs_succeeded()
    {
        GoldenFile.AssertMatches("success", Render(CheckRunViews.Run(Succeeded())));
    }

    [Fact]
    public void Terraform_failure_explains_what_to_do_next()
    {
        var md = Render(CheckRunViews.Run(PlanFailedInTerraform()));

        Assert.Contains("Fix the configuration", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("terraform-failure", md);
    }

    [Fact]
    public void Review_timeout_says_nothing_was_applied()
    {
        var md = Render(CheckRunViews.Run(ReviewTimedOut()));

        Assert.Contains("nothing was applied", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("review-timeout", md);
    }

    [Fact]
    public void Unreadable_plan_says_why_it_must_be_reviewed()
    {
        var md = Render(CheckRunViews.Run(UnreadablePlanAwaitingReview()));

        Assert.Contains("could not be read", md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("unreadable-plan", md);
    }

    [Fact]
    public void Validation_failure_shows_the_ordering_message()
    {
        var md = Render(CheckRunViews.ValidationFailed(Deployment, Neptune.Ordering.RevisionOrdering.BehindMessage));

        Assert.Contains(Neptune.Ordering.RevisionOrdering.BehindMessage, md, StringComparison.Ordinal);
        GoldenFile.AssertMatches("behind", md);
    }
}
