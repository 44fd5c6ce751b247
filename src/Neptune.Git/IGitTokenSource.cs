using Neptune.Model;

namespace Neptune.Git;

/// <summary>
/// The token git sends to a repository's <c>https://</c> remote, asked for on every fetch so a short-lived one
/// (a GitHub App installation token) is always current.
/// </summary>
public interface IGitTokenSource
{
    /// <summary>The token for <paramref name="repo"/>, or <see langword="null"/> to fetch anonymously.</summary>
    /// <param name="repo">The repository about to be fetched.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<string?> GetTokenAsync(RepoRef repo, CancellationToken cancellationToken);
}
