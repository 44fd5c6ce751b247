using Neptune.GitHub.Api;
using Neptune.GitHub.Config;
using Neptune.GitHub.Intake;
using Neptune.Model;
using Octokit;

namespace Neptune.GitHub.Checks;

/// <summary>
/// Shows a broken repository config file (spec §7) as a completed, failed check run named
/// <see cref="CheckRunName"/> on the commit (<c>POST /repos/{owner}/{repo}/check-runs</c>): the title gives the file,
/// line and reason, the summary says where exactly and what to do. Transient failures are retried by <see cref="GitHubRetry"/>.
/// </summary>
public sealed class GitHubConfigErrorReporter : IConfigErrorReporter
{
    /// <summary>The check run's name.</summary>
    public const string CheckRunName = "neptune/config";

    /// <summary>GitHub's limit on <c>output.title</c>.</summary>
    public const int MaxTitleLength = 255;

    private readonly GitHubClientFactory _clients;
    private readonly GitHubRetry _retry;

    /// <summary>Creates the reporter; each call uses the client of its repository from <paramref name="clients"/>.</summary>
    public GitHubConfigErrorReporter(GitHubClientFactory clients, GitHubRetry retry)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(retry);
        _clients = clients;
        _retry = retry;
    }

    /// <inheritdoc />
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task ReportAsync(RepoRef repo, string sha, RepoConfigException error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentNullException.ThrowIfNull(error);
        var client = _clients.ForRepository(repo);
        var run = new NewCheckRun(CheckRunName, sha)
        {
            Status = CheckStatus.Completed,
            Conclusion = CheckConclusion.Failure,
            Output = new NewCheckRunOutput(Title(error), Summary(error)),
        };
        await _retry.ExecuteAsync(
            "create config check run",
            _ => client.Check.Run.Create(repo.Owner, repo.Name, run),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The check run's title: <c>neptune.yaml line 3: reason</c>, shortened to GitHub's limit.</summary>
    internal static string Title(RepoConfigException error)
    {
        var title = error.Line is { } line ? $"{error.FileName} line {line}: {error.Reason}" : $"{error.FileName}: {error.Reason}";
        title = title.ReplaceLineEndings(" ");
        return title.Length <= MaxTitleLength ? title : string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
    }

    /// <summary>The check run's summary: where the error is, why, and what to do.</summary>
    internal static string Summary(RepoConfigException error)
    {
        var place = (error.Line, error.Column) switch
        {
            ({ } line, { } column) => $"line {line}, column {column}",
            ({ } line, null) => $"line {line}",
            _ => "the file as a whole",
        };
        return $"""
            Neptune could not read `{error.FileName}` at this commit, so nothing was deployed for it.

            | File | Where | Reason |
            | --- | --- | --- |
            | `{error.FileName}` | {place} | {Cell(error.Reason)} |

            **What to do:** fix `{error.FileName}` and push again; Neptune reads the config of every new commit.
            """;
    }

    // A reason is plain text: keep it inside its table cell.
    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
