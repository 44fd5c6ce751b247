using Neptune.Model;

namespace Neptune.Git;

/// <summary>
/// Comparing two revisions failed: a commit is unknown, the repository is missing or not local, or git
/// failed. Never a direction: the caller retries and does not guess.
/// </summary>
public sealed class GitCompareException : GitException
{
    /// <summary>Creates the exception for a compare in <paramref name="repository"/>.</summary>
    public GitCompareException(RepoRef repository, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Repository = repository;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitCompareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitCompareException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public GitCompareException()
        : this("Comparing revisions failed.")
    {
    }

    /// <summary>The repository of the compare, when known.</summary>
    public RepoRef? Repository { get; }
}
