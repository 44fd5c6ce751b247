namespace Neptune.Git;

/// <summary>
/// A git operation of Neptune failed. Messages name the repository and revision but never a token.
/// Callers retry these with backoff; none of them is ever read as a result.
/// </summary>
public class GitException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public GitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public GitException()
        : this("A git operation failed.")
    {
    }
}
