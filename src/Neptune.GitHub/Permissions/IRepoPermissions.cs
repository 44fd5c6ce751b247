using Neptune.Model;

namespace Neptune.GitHub.Permissions;

/// <summary>Answers whether a user holds a role on a repository (spec §2: who may press Unlock, Confirm and Reject).</summary>
public interface IRepoPermissions
{
    /// <summary>Whether <paramref name="login"/> holds <paramref name="required"/> or a stronger role on <paramref name="repo"/>.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="login">The user's GitHub login.</param>
    /// <param name="required">The weakest role that is enough.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<bool> HasPermissionAsync(RepoRef repo, string login, RepoPermission required, CancellationToken cancellationToken = default);
}
