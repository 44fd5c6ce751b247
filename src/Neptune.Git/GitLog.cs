using Microsoft.Extensions.Logging;

namespace Neptune.Git;

/// <summary>The git adapters' log messages. They name repositories and revisions, never URLs or tokens.</summary>
internal static partial class GitLog
{
    [LoggerMessage(1, LogLevel.Information, "Fetching {Repository} at {Revision} into {Destination}")]
    public static partial void Fetching(ILogger logger, string repository, string revision, string destination);

    [LoggerMessage(2, LogLevel.Information, "Fetched {Repository} at {Revision} in {Elapsed}")]
    public static partial void Fetched(ILogger logger, string repository, string revision, TimeSpan elapsed);

    [LoggerMessage(3, LogLevel.Warning, "git {Command} (pid {ProcessId}) was cancelled; killed its process tree")]
    public static partial void Killed(ILogger logger, string command, int processId);

    [LoggerMessage(4, LogLevel.Debug, "Compared {Repository} {Base}..{Head}: {Direction}")]
    public static partial void Compared(ILogger logger, string repository, string @base, string head, string direction);
}
