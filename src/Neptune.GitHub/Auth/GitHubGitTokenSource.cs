using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.Model;

namespace Neptune.GitHub.Auth;

/// <summary>
/// The token git fetches a repository with: in GitHub App mode the repository's installation token (renewed as it
/// nears expiry), otherwise the fixed <see cref="GitOptions.Token"/>.
/// </summary>
public sealed class GitHubGitTokenSource : IGitTokenSource
{
    private readonly GitHubInstallationTokens? _installationTokens;
    private readonly string? _fixedToken;

    /// <summary>Creates the source; GitHub App mode is read from <paramref name="gitHubOptions"/>.</summary>
    public GitHubGitTokenSource(IOptions<GitHubOptions> gitHubOptions, IOptions<GitOptions> gitOptions, GitHubInstallationTokens installationTokens)
    {
        ArgumentNullException.ThrowIfNull(gitHubOptions);
        ArgumentNullException.ThrowIfNull(gitOptions);
        ArgumentNullException.ThrowIfNull(installationTokens);
        _installationTokens = gitHubOptions.Value.UsesApp ? installationTokens : null;
        _fixedToken = gitOptions.Value.Token;
    }

    /// <inheritdoc />
    /// <exception cref="GitHubAppNotInstalledException">The App is not installed on <paramref name="repo"/>.</exception>
    public async ValueTask<string?> GetTokenAsync(RepoRef repo, CancellationToken cancellationToken) =>
        _installationTokens is { } tokens ? await tokens.GetTokenAsync(repo, cancellationToken).ConfigureAwait(false) : _fixedToken;
}
