namespace Neptune.GitHub.Config;

/// <summary>
/// A repository config file that cannot be used. The <see cref="Exception.Message"/> is meant for people
/// (check run, log): <c>file:line:column: reason</c>.
/// </summary>
public sealed class RepoConfigException : Exception
{
    /// <summary>Creates an exception for a place in a file.</summary>
    /// <param name="fileName">The config file.</param>
    /// <param name="line">The 1-based line, or <see langword="null"/> when the error is not at a place in the file.</param>
    /// <param name="column">The 1-based column, or <see langword="null"/>.</param>
    /// <param name="reason">What is wrong, in plain words.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public RepoConfigException(string fileName, int? line, int? column, string reason, Exception? inner = null)
        : base(Format(fileName, line, column, reason), inner)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The config file.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line of the error, when it has one.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the error, when it has one.</summary>
    public int? Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    private static string Format(string fileName, int? line, int? column, string reason) =>
        line is null ? $"{fileName}: {reason}"
        : column is null ? $"{fileName}:{line}: {reason}"
        : $"{fileName}:{line}:{column}: {reason}";
}
