using Microsoft.Extensions.Options;
using Neptune.Runs;

namespace Neptune.Terraform;

/// <summary>Checks <see cref="TerraformOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class TerraformOptionsValidator : IValidateOptions<TerraformOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TerraformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = TerraformOptions.SectionName;
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{Section}:Path is empty; set it to the terraform or tofu executable (a name on PATH such as 'terraform', or a full path).");
        }

        if (options.PluginCacheDir is not null && string.IsNullOrWhiteSpace(options.PluginCacheDir))
        {
            failures.Add($"{Section}:PluginCacheDir is blank; set it to a directory for the provider cache, or remove the key to run without a cache.");
        }

        if (options.CancellationGracePeriod < TimeSpan.Zero)
        {
            failures.Add($"{Section}:CancellationGracePeriod is {options.CancellationGracePeriod}; set it to zero or more (e.g. 00:01:00), the time terraform gets between SIGTERM and SIGKILL.");
        }

        // A heartbeat slower than the timeout would make every long step look dead.
        if (options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval >= RunPolicy.HeartbeatTimeout)
        {
            failures.Add($"{Section}:HeartbeatInterval is {options.HeartbeatInterval}; set it above zero and below the heartbeat timeout of {RunPolicy.HeartbeatTimeout} (e.g. 00:00:05).");
        }

        foreach (var key in options.Environment.Keys)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('=', StringComparison.Ordinal))
            {
                failures.Add($"{Section}:Environment has the invalid variable name '{key}'; names must be non-empty and contain no '='.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
