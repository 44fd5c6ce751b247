using Neptune.Model;

namespace Neptune.GitHub.Auth;

/// <summary>The GitHub App is not installed on a repository, so Neptune cannot act on it there.</summary>
public sealed class GitHubAppNotInstalledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitHubAppNotInstalledException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitHubAppNotInstalledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitHubAppNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="repo"/>, with GitHub's answer as the cause.</summary>
    public GitHubAppNotInstalledException(RepoRef repo, string issuer, Exception innerException)
        : base(
            $"The GitHub App {issuer} is not installed on {repo.Owner}/{repo.Name} (GitHub answered 404 to GET /repos/{repo.Owner}/{repo.Name}/installation). Install the App on that repository (or its organisation) from the App's page on GitHub, or remove the repository from {GitHubOptions.SectionName}:RepoAllowlist.",
            innerException)
    {
        Repo = repo;
    }

    /// <summary>The repository the App is not installed on, when known.</summary>
    public RepoRef? Repo { get; }
}
