namespace Neptune.Git;

/// <summary>
/// A root's directory cannot be used: it is absolute, climbs with <c>..</c>, leads out of the checkout
/// through a symbolic link, or does not exist. The message names the root directory and the reason.
/// </summary>
public sealed class RootDirectoryException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="rootDir"/>.</summary>
    public RootDirectoryException(string rootDir, string message)
        : base(message)
    {
        RootDir = rootDir;
    }

    /// <summary>Creates the exception with a message.</summary>
    public RootDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RootDirectoryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public RootDirectoryException()
        : this("The root directory cannot be used.")
    {
    }

    /// <summary>The root directory as configured, when known.</summary>
    public string? RootDir { get; }
}
