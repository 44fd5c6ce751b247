using Microsoft.Extensions.Logging;

namespace Neptune.Terraform;

/// <summary>The executor's own log messages (terraform's output goes to the job log, not here).</summary>
internal static partial class TerraformLog
{
    [LoggerMessage(1, LogLevel.Information, "Running terraform {Command} in {WorkingDirectory} with {Executable}")]
    public static partial void Starting(ILogger logger, string command, string workingDirectory, string executable);

    [LoggerMessage(2, LogLevel.Information, "terraform {Command} exited with code {ExitCode} after {Elapsed}")]
    public static partial void Exited(ILogger logger, string command, int exitCode, TimeSpan elapsed);

    [LoggerMessage(3, LogLevel.Warning, "terraform (pid {ProcessId}) was cancelled; sent SIGTERM, SIGKILL follows in {GracePeriod}")]
    public static partial void Terminating(ILogger logger, int processId, TimeSpan gracePeriod);

    [LoggerMessage(4, LogLevel.Warning, "terraform (pid {ProcessId}) did not exit within {GracePeriod} of SIGTERM; killed its process tree")]
    public static partial void Killed(ILogger logger, int processId, TimeSpan gracePeriod);

    [LoggerMessage(5, LogLevel.Warning, "The heartbeat callback failed; terraform keeps running")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "terraform (pid {ProcessId}) exited with code {ExitCode}, but a process it started still held its output open after {GracePeriod}; stopped reading it")]
    public static partial void OutputHeldOpen(ILogger logger, int processId, int exitCode, TimeSpan gracePeriod);
}
