using Microsoft.Extensions.Options;

namespace Neptune.Hosting.Temporal;

/// <summary>Checks <see cref="TemporalOptions"/> at start and names the key and the fix in every message.</summary>
public sealed class TemporalOptionsValidator : IValidateOptions<TemporalOptions>
{
    private const string Section = TemporalOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TemporalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IsHostPort(options.Address))
        {
            failures.Add($"{Section}:Address is '{options.Address}'; set host:port of the Temporal frontend, e.g. {TemporalOptions.DefaultAddress} (temporal server start-dev) or <namespace>.<account>.tmprl.cloud:7233.");
        }

        if (string.IsNullOrWhiteSpace(options.Namespace))
        {
            failures.Add($"{Section}:Namespace is empty; set it (default '{TemporalOptions.DefaultNamespace}'; on Temporal Cloud '<namespace>.<account>').");
        }

        Require(failures, options.TaskQueue, "TaskQueue", TemporalOptions.DefaultTaskQueue);
        Require(failures, options.TerraformTaskQueue, "TerraformTaskQueue", TemporalOptions.DefaultTerraformTaskQueue);
        if (string.Equals(options.TaskQueue, options.TerraformTaskQueue, StringComparison.Ordinal))
        {
            failures.Add($"{Section}:TaskQueue and {Section}:TerraformTaskQueue are both '{options.TaskQueue}'; give terraform workers their own queue (default '{TemporalOptions.DefaultTerraformTaskQueue}').");
        }

        var cert = !string.IsNullOrWhiteSpace(options.ClientCertPath);
        var key = !string.IsNullOrWhiteSpace(options.ClientKeyPath);
        if (cert != key)
        {
            failures.Add($"{Section}:ClientCertPath and {Section}:ClientKeyPath go together for mTLS; set both or neither.");
        }

        foreach (var (path, keyName) in new[] { (options.ClientCertPath, "ClientCertPath"), (options.ClientKeyPath, "ClientKeyPath") })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                failures.Add($"{Section}:{keyName} names '{path}', which does not exist; point it at the PEM file.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey) && cert)
        {
            failures.Add($"{Section}:ApiKey and {Section}:ClientCertPath are both set; Temporal Cloud takes one way of authenticating: keep one.");
        }

        if (options.Address.EndsWith(".tmprl.cloud:7233", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.ApiKey) && !cert)
        {
            failures.Add($"{Section}:Address is on Temporal Cloud but neither {Section}:ApiKey nor {Section}:ClientCertPath/ClientKeyPath is set; Temporal Cloud needs one of them.");
        }

        if (options.HistoryEventLimit is < 100 or > 50_000)
        {
            failures.Add($"{Section}:HistoryEventLimit is {options.HistoryEventLimit}; keep it between 100 and 50000 (default {TemporalOptions.DefaultHistoryEventLimit}) — Temporal warns at 10240 events.");
        }

        if (options.RunTerraformWorker && string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add($"{Section}:DataDir (or Neptune:DataDir) must name a writable directory for terraform workspaces on a terraform worker.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(List<string> failures, string value, string key, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Section}:{key} is empty; set a task queue name (default '{fallback}').");
        }
    }

    private static bool IsHostPort(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and < 65536 && !address.Contains("://", StringComparison.Ordinal);
    }
}
