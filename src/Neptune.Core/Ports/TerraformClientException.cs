namespace Neptune.Ports;

/// <summary>Terraform ran and exited non-zero: a problem of the configuration, never retried.</summary>
public sealed class TerraformClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerraformClientException(string command, int exitCode)
        : base($"terraform {command} exited with code {exitCode}; see the job log for its output.")
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
}
