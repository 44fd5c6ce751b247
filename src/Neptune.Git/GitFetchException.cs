using Neptune.Model;

namespace Neptune.Git;

/// <summary>
/// Fetching a repository at a revision failed: the commit does not exist or is unreachable, the remote
/// refused, the workspace was unusable, or git took longer than <see cref="GitOptions.Timeout"/>.
/// </summary>
public sealed class GitFetchException : GitException
{
    /// <summary>Creates the exception for <paramref name="repository"/> at <paramref name="revision"/>.</summary>
    public GitFetchException(RepoRef repository, string revision, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Repository = repository;
        Revision = revision;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitFetchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitFetchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public GitFetchException()
        : this("Fetching a repository failed.")
    {
    }

    /// <summary>The repository that was fetched, when known.</summary>
    public RepoRef? Repository { get; }

    /// <summary>The commit that was fetched, when known.</summary>
    public string? Revision { get; }
}
