using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Neptune.Hosting.InProcess.Health;

/// <summary>
/// The in-process host's health: Unhealthy until it has started and once it is stopping, and Unhealthy when its SQLite
/// journal cannot be read (deleted, unreadable disk, damaged): without the journal no revision can be accepted safely.
/// </summary>
internal sealed class InProcessHealthCheck(InProcessNeptune host) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "neptune-host";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!host.IsRunning)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The in-process host is not running (not started yet, or stopping)."));
        }

        var path = host.Journal.Path;
        try
        {
            var targets = host.Journal.Probe();
            return Task.FromResult(HealthCheckResult.Healthy(
                "The in-process host is running and its journal is readable.",
                new Dictionary<string, object> { ["journal"] = path, ["targets"] = targets }));
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new HealthCheckResult(
                context.Registration.FailureStatus, $"The journal {path} cannot be read: {e.Message}", e, new Dictionary<string, object> { ["journal"] = path }));
        }
    }
}
