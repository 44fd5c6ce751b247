using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.DependencyInjection;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Hosting.Temporal;
using Neptune.Ports;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The sample's <c>Neptune:Host</c> switch (design.md §5): which host runs the deployments.</summary>
public static class ConfiguredHost
{
    /// <summary>The configuration key that picks the host: <c>InProcess</c> (default) or <c>Temporal</c>.</summary>
    public const string Key = "Neptune:Host";

    /// <summary>
    /// Registers the host named by <c>Neptune:Host</c>: the in-process host, or Temporal (<c>Neptune:Temporal:*</c>).
    /// </summary>
    /// <param name="neptune">The Neptune builder.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <exception cref="InvalidOperationException">Neptune:Host names no known host.</exception>
    public static NeptuneBuilder UseConfiguredHost(this NeptuneBuilder neptune, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(neptune);
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration[Key] ?? "InProcess";
        if (string.Equals(host, "InProcess", StringComparison.OrdinalIgnoreCase))
        {
            return neptune.UseInProcess();
        }

        if (!string.Equals(host, "Temporal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Key} is '{host}'; set InProcess (the default) or Temporal.");
        }

        // One-machine setup (temporal server start-dev): the local file stores under Neptune:DataDir stand in for
        // shared ones; with workers on several machines register S3 stores instead.
        var services = neptune.Services;
        var dataDir = Path.GetFullPath(configuration["Neptune:DataDir"] ?? "./.neptune");
        services.TryAddSingleton<IDeploymentStore>(new FileDeploymentStore(Path.Combine(dataDir, "store")));
        services.TryAddSingleton<IJobLogStore>(new FileJobLogStore(Path.Combine(dataDir, "logs")));
        services.TryAddSingleton<IAuditSink>(new JsonLinesAuditSink(configuration["Neptune:Audit:FilePath"] ?? Path.Combine(dataDir, "audit.jsonl")));
        services.TryAddSingleton<ICheckRunPublisher, LocalCheckRunPublisher>();
        return neptune.UseTemporal(t => configuration.GetSection(TemporalOptions.SectionName).Bind(t));
    }
}
