using Neptune.GitHub.Api;
using Neptune.Model;
using Neptune.Ports;
using Octokit;

namespace Neptune.GitHub.Compare;

/// <summary>
/// Compares revisions with GitHub's compare API (<c>GET /repos/{owner}/{repo}/compare/{base}...{head}</c>),
/// retrying transient failures. Every error is thrown, never turned into a direction.
/// </summary>
public sealed class GitHubCommitComparer : ICommitComparer
{
    private readonly GitHubClientFactory _clients;
    private readonly GitHubRetry _retry;

    /// <summary>Creates the comparer; each call uses the client of its repository from <paramref name="clients"/>.</summary>
    public GitHubCommitComparer(GitHubClientFactory clients, GitHubRetry retry)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(retry);
        _clients = clients;
        _retry = retry;
    }

    /// <inheritdoc />
    /// <exception cref="GitHubCompareException">GitHub does not know a revision or the repository, or answered with an unknown status.</exception>
    /// <exception cref="ApiException">Any other GitHub error, after retries for transient ones.</exception>
    public async Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseRevision);
        ArgumentException.ThrowIfNullOrWhiteSpace(headRevision);
        var client = _clients.ForRepository(repo);
        var what = $"{baseRevision}...{headRevision} in {repo.Owner}/{repo.Name}";

        CompareResult result;
        try
        {
            result = await _retry.ExecuteAsync(
                "compare commits",
                _ => client.Repository.Commit.Compare(repo.Owner, repo.Name, baseRevision, headRevision),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException notFound)
        {
            throw new GitHubCompareException(
                $"GitHub cannot compare {what}: not found (404). A revision is not on GitHub (not pushed, or a typo), or the repository does not exist or is not readable with the configured credentials.",
                notFound);
        }

        return result.Status switch
        {
            "ahead" => CompareDirection.Ahead,
            "identical" => CompareDirection.Identical,
            "behind" => CompareDirection.Behind,
            "diverged" => CompareDirection.Diverged,
            var status => throw new GitHubCompareException($"GitHub compared {what} with the unknown status '{status}'; expected ahead, identical, behind or diverged."),
        };
    }
}
