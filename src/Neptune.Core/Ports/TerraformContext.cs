using Neptune.Logs;

namespace Neptune.Ports;

/// <summary>Where and how one terraform command runs.</summary>
/// <param name="WorkingDirectory">The root's directory inside the checkout.</param>
/// <param name="Environment">Extra environment variables for the process.</param>
/// <param name="Log">The job log that receives stdout and stderr line by line.</param>
/// <param name="Heartbeat">Called regularly while the process runs, so hosts can report liveness.</param>
public sealed record TerraformContext(
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    JobLog Log,
    Action? Heartbeat = null);
