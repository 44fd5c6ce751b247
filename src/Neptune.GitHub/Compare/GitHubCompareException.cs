namespace Neptune.GitHub.Compare;

/// <summary>GitHub could not compare two revisions; the inner exception holds GitHub's answer.</summary>
public sealed class GitHubCompareException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitHubCompareException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitHubCompareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitHubCompareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
