using Neptune.CheckRuns;
using Neptune.Runs;
using static Neptune.Tests.CheckRuns.CheckRunTestData;

namespace Neptune.Tests.CheckRuns;

public class NeptuneLinksTests
{
    private static readonly Guid JobId = new("4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21");

    [Fact]
    public void Job_log_is_the_jobs_page_of_the_dashboard()
    {
        Assert.Equal("https://neptune.example.com/jobs/4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21", Links.JobLog(JobId).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://tools.example.com/neptune/")]
    [InlineData("https://tools.example.com/neptune")]
    public void Job_log_keeps_the_path_of_a_dashboard_behind_a_prefix(string dashboard)
    {
        var links = new NeptuneLinks(new Uri(dashboard), new Uri("https://github.com/"));

        Assert.Equal("https://tools.example.com/neptune/jobs/4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21", links.JobLog(JobId).AbsoluteUri);
    }

    [Fact]
    public void Check_run_link_takes_a_64_bit_id()
    {
        Assert.Equal("https://github.com/acme/infra/runs/25123456789", Links.CheckRun(TestData.Repo, 25_123_456_789L).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://ghe.example.com/", "https://ghe.example.com/acme/infra/runs/7")]
    [InlineData("https://example.com/github", "https://example.com/github/acme/infra/runs/7")]
    public void Check_run_link_follows_a_github_enterprise_host(string gitHub, string expected)
    {
        var links = new NeptuneLinks(new Uri("https://neptune.example.com/"), new Uri(gitHub));

        Assert.Equal(expected, links.CheckRun(TestData.Repo, 7).AbsoluteUri);
    }

    [Fact]
    public void Details_of_a_plan_under_review_is_the_plan_log()
    {
        var view = CheckRunViews.Run(AwaitingReview());

        Assert.Equal(Links.JobLog(Deployment.PlanJobId), Links.Details(view));
    }

    [Fact]
    public void Details_of_an_unreadable_plan_under_review_is_the_plan_log()
    {
        Assert.Equal(Links.JobLog(Deployment.PlanJobId), Links.Details(CheckRunViews.Run(UnreadablePlanAwaitingReview())));
    }

    [Fact]
    public void Details_of_everything_else_is_the_dashboard()
    {
        var views = new[]
        {
            CheckRunViews.Queued(Deployment, []),
            CheckRunViews.Locked(Deployment, TestData.ShaD, []),
            CheckRunViews.Run(Planning()),
            CheckRunViews.Run(Succeeded()),
        };

        foreach (var view in views)
        {
            Assert.Equal(Links.DashboardUrl, Links.Details(view));
        }
    }

    [Fact]
    public void Default_links_point_at_the_local_gateway_and_github()
    {
        Assert.Equal("http://127.0.0.1:5080/jobs/4a0b3c7e-21f4-4d0a-9a55-6c1f0f3f9b21", NeptuneLinks.Default.JobLog(JobId).AbsoluteUri);
        Assert.Equal("https://github.com/acme/infra/runs/1", NeptuneLinks.Default.CheckRun(TestData.Repo, 1).AbsoluteUri);
    }
}
