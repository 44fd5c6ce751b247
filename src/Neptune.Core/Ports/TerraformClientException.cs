namespace Neptune.Ports;

/// <summary>Terraform ran and exited non-zero: a problem of the configuration, never retried.</summary>
public sealed class TerraformClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerraformClientException(string command, int exitCode)
        : base(Describe(command, exitCode))
    {
        Command = command;
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public TerraformClientException(string message)
        : base(message)
    {
        Command = string.Empty;
    }

    /// <summary>Creates the exception with a custom message and inner exception.</summary>
    public TerraformClientException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
    }

    /// <summary>Creates the exception with no details.</summary>
    public TerraformClientException()
        : this("terraform failed.")
    {
    }

    /// <summary>The terraform sub-command, e.g. <c>plan</c>.</summary>
    public string Command { get; }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>
    /// The failure in words. A process ended by a signal reports 128 + the signal number on Unix; the signals that
    /// mean terraform was stopped from outside (the out-of-memory killer, a kill by hand, a crash) are named, so
    /// nobody reads "exit code 137" as a configuration error. 130 is left alone: terraform exits with it itself
    /// after handling an interrupt.
    /// </summary>
    private static string Describe(string command, int exitCode) => exitCode switch
    {
        134 => $"terraform {command} was killed by signal 6 (SIGABRT, exit code 134); see the job log for its output.",
        137 => $"terraform {command} was killed by signal 9 (SIGKILL, exit code 137), for example by the out-of-memory killer or by hand; see the job log for its output.",
        139 => $"terraform {command} was killed by signal 11 (SIGSEGV, exit code 139); see the job log for its output.",
        143 => $"terraform {command} was killed by signal 15 (SIGTERM, exit code 143); see the job log for its output.",
        _ => $"terraform {command} exited with code {exitCode}; see the job log for its output.",
    };
}
