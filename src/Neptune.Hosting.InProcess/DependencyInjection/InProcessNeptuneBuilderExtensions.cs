using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.DependencyInjection;
using Neptune.Git;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.InProcess.Health;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Ports;
using Neptune.Terraform;

// In this namespace so UseInProcess shows up wherever AddNeptune is called.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-process host.</summary>
public static class InProcessNeptuneBuilderExtensions
{
    /// <summary>
    /// Runs Neptune inside this process: options from <c>Neptune</c> (validated at start), the terraform CLI
    /// (<c>Neptune:Terraform</c>), git (<c>Neptune:Git</c>), and file stores under <c>Neptune:DataDir</c> for every
    /// port nothing else registered, and the <c>neptune-host</c> health check (running, journal readable). Register another <see cref="ICheckRunPublisher"/> (GitHub) or store first to replace a default.
    /// </summary>
    public static NeptuneBuilder UseInProcess(this NeptuneBuilder builder, Action<InProcessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<InProcessOptions>().BindConfiguration(InProcessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InProcessOptions>, InProcessOptionsValidator>());
        services.AddOptions<TerraformOptions>().BindConfiguration(TerraformOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TerraformOptions>, TerraformOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TerraformOptions>, PluginCacheInDataDir>());
        services.TryAddSingleton<ITerraformExecutor, TerraformCliExecutor>();
        builder.UseGit();

        services.TryAddSingleton<IDeploymentStore>(sp => new FileDeploymentStore(Data(sp).StoreDir));
        services.TryAddSingleton<IJobLogStore>(sp => new FileJobLogStore(Path.Combine(Data(sp).FullDataDir, "logs")));
        services.TryAddSingleton<IAuditSink>(sp => new JsonLinesAuditSink(Data(sp).AuditPath));
        services.TryAddSingleton<ICheckRunPublisher, LocalCheckRunPublisher>();

        services.TryAddSingleton(sp => new InProcessNeptune(
            Data(sp),
            new InProcessPorts
            {
                CommitComparer = sp.GetRequiredService<ICommitComparer>(),
                SourceFetcher = sp.GetRequiredService<ISourceFetcher>(),
                Terraform = sp.GetRequiredService<ITerraformExecutor>(),
                DeploymentStore = sp.GetRequiredService<IDeploymentStore>(),
                JobLogStore = sp.GetRequiredService<IJobLogStore>(),
                CheckRunPublisher = sp.GetRequiredService<ICheckRunPublisher>(),
                AuditSink = sp.GetRequiredService<IAuditSink>(),
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<INeptuneClient>(sp => sp.GetRequiredService<InProcessNeptune>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, InProcessNeptuneService>());

        // Once, however often this is called: the health check service refuses two checks of one name.
        if (!services.Any(d => d.ServiceType == typeof(InProcessHealthCheck)))
        {
            services.AddSingleton<InProcessHealthCheck>();
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                InProcessHealthCheck.Name, sp => sp.GetRequiredService<InProcessHealthCheck>(), HealthStatus.Unhealthy, ["neptune"]));
        }

        return builder;
    }

    private static InProcessOptions Data(IServiceProvider sp) => sp.GetRequiredService<IOptions<InProcessOptions>>().Value;

    /// <summary>Puts terraform's plugin cache under the data directory unless configured elsewhere.</summary>
    private sealed class PluginCacheInDataDir(IOptions<InProcessOptions> data) : IPostConfigureOptions<TerraformOptions>
    {
        public void PostConfigure(string? name, TerraformOptions options) =>
            options.PluginCacheDir ??= Path.Combine(data.Value.FullDataDir, "plugin-cache");
    }
}
