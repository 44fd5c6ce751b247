namespace Neptune.Git;

/// <summary>
/// The configured git executable does not exist: a configuration error of the Neptune host that no
/// retry fixes until an operator sets <c>Neptune:Git:Path</c>.
/// </summary>
public sealed class GitNotFoundException : GitException
{
    /// <summary>Creates the exception for the executable that was tried.</summary>
    public GitNotFoundException(string path, Exception? innerException)
        : base($"git executable '{path}' was not found; set {GitOptions.SectionName}:Path to the git binary (a name on PATH or a full path).", innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception for the executable that was tried.</summary>
    public GitNotFoundException(string path)
        : this(path, null)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public GitNotFoundException()
        : this(GitOptions.DefaultPath)
    {
    }

    /// <summary>The executable that was tried.</summary>
    public string Path { get; }
}
