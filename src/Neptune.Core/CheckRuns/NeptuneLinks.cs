using Neptune.Model;

namespace Neptune.CheckRuns;

/// <summary>Where rendered links point: the Neptune dashboard (job logs) and GitHub (check runs).</summary>
/// <param name="DashboardUrl">Base URL of the gateway's dashboard, e.g. <c>https://neptune.example.com/</c>.</param>
/// <param name="GitHubUrl">Base URL of GitHub's web UI, <c>https://github.com/</c> or a GitHub Enterprise host.</param>
public sealed record NeptuneLinks(Uri DashboardUrl, Uri GitHubUrl)
{
    /// <summary>Links for a gateway on its default local address and github.com.</summary>
    public static NeptuneLinks Default { get; } = new(new Uri("http://127.0.0.1:5080/"), new Uri("https://github.com/"));

    /// <summary>The live log page of a job.</summary>
    public Uri JobLog(Guid jobId) => new(AsBase(DashboardUrl), $"jobs/{jobId}");

    /// <summary>A check run's page on GitHub.</summary>
    public Uri CheckRun(RepoRef repo, long checkRunId)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return new Uri(AsBase(GitHubUrl), $"{repo.Owner}/{repo.Name}/runs/{checkRunId}");
    }

    /// <summary>
    /// A relative link resolves against the base's last <c>/</c>, so a base configured without a trailing
    /// slash (<c>https://tools.example.com/neptune</c>) would lose its last path segment.
    /// </summary>
    private static Uri AsBase(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");

    /// <summary>
    /// The check run's <c>details_url</c>: GitHub asks for one with <c>action_required</c>. A plan under
    /// review points at its log; everything else at the dashboard.
    /// </summary>
    public Uri Details(CheckRunView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Plan is { Status: Runs.JobStatus.Success } plan && view.Buttons.Contains(CheckRunButton.Confirm)
            ? JobLog(plan.JobId)
            : DashboardUrl;
    }
}
