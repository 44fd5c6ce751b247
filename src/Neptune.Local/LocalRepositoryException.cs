using Neptune.Git;

namespace Neptune.Local;

/// <summary>
/// Reading a local repository failed: it is missing, not a repository, does not hold a commit, or git failed. The
/// message names the repository's path. Local mode logs it and tries again on the next poll.
/// </summary>
public sealed class LocalRepositoryException : GitException
{
    /// <summary>Creates the exception for the repository at <paramref name="path"/>.</summary>
    public LocalRepositoryException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        RepositoryPath = path;
    }

    /// <summary>Creates the exception with a message.</summary>
    public LocalRepositoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LocalRepositoryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public LocalRepositoryException()
        : this("Reading a local repository failed.")
    {
    }

    /// <summary>The repository's directory, when known.</summary>
    public string? RepositoryPath { get; }
}
