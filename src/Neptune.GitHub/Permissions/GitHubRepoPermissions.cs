using Neptune.GitHub.Api;
using Neptune.Model;
using Octokit;

namespace Neptune.GitHub.Permissions;

/// <summary>
/// Answers role checks with GitHub's collaborator permission API
/// (<c>GET /repos/{owner}/{repo}/collaborators/{login}/permission</c>). The fine-grained <c>role_name</c> (admin,
/// maintain, write, triage, read) is used when GitHub gives one of those; a custom role, or none, falls back to the
/// coarse <c>permission</c> (admin, write, read, none), which is the base role a custom role builds on. A user who is
/// not a collaborator (404) holds no role. Transient failures are retried by <see cref="GitHubRetry"/>.
/// </summary>
public sealed class GitHubRepoPermissions : IRepoPermissions
{
    private readonly GitHubClientFactory _clients;
    private readonly GitHubRetry _retry;

    /// <summary>Creates the checker; each call uses the client of its repository from <paramref name="clients"/>.</summary>
    public GitHubRepoPermissions(GitHubClientFactory clients, GitHubRetry retry)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(retry);
        _clients = clients;
        _retry = retry;
    }

    /// <inheritdoc />
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<bool> HasPermissionAsync(RepoRef repo, string login, RepoPermission required, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        var client = _clients.ForRepository(repo);
        CollaboratorPermissionResponse answer;
        try
        {
            answer = await _retry.ExecuteAsync(
                "review collaborator permission",
                _ => client.Repository.Collaborator.ReviewPermission(repo.Owner, repo.Name, login),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return false;
        }

        var held = Role(answer.RoleName) ?? Role(answer.Permission);
        return held is { } role && role >= required;
    }

    /// <summary>The role GitHub names <paramref name="name"/>, or <see langword="null"/> for none, a custom role or an unknown name.</summary>
    internal static RepoPermission? Role(string? name) => name?.ToLowerInvariant() switch
    {
        "admin" => RepoPermission.Admin,
        "maintain" => RepoPermission.Maintain,
        "write" => RepoPermission.Write,
        "triage" => RepoPermission.Triage,
        "read" => RepoPermission.Read,
        _ => null,
    };
}
