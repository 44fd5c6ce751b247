using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Neptune.Hosting.Hangfire;

/// <summary>Checks what data annotations cannot: queue names Hangfire accepts and durations that make sense together.</summary>
public sealed partial class HangfireOptionsValidator : IValidateOptions<HangfireOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HangfireOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!QueueName().IsMatch(options.SharedQueue ?? string.Empty))
        {
            failures.Add($"Neptune:Hangfire:SharedQueue '{options.SharedQueue}' is not a Hangfire queue name: use lowercase letters, digits and underscores.");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add($"Neptune:Hangfire:HeartbeatInterval must be positive (it is {options.HeartbeatInterval}); the default is {Runs.RunPolicy.HeartbeatInterval}.");
        }

        if (options.NodeTimeout <= options.HeartbeatInterval * 2)
        {
            failures.Add($"Neptune:Hangfire:NodeTimeout ({options.NodeTimeout}) must exceed twice the HeartbeatInterval ({options.HeartbeatInterval}), or live nodes are taken for dead.");
        }

        if (options.LockTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Neptune:Hangfire:LockTimeout must be positive (it is {options.LockTimeout}).");
        }

        if (options.SchedulePollingInterval <= TimeSpan.Zero)
        {
            failures.Add($"Neptune:Hangfire:SchedulePollingInterval must be positive (it is {options.SchedulePollingInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex QueueName();
}
