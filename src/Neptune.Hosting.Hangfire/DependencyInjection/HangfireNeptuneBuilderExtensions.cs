using global::Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.DependencyInjection;
using Neptune.Hosting.Hangfire;
using Neptune.Ports;

// In this namespace so UseHangfire shows up wherever AddNeptune is called.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Hangfire host.</summary>
public static class HangfireNeptuneBuilderExtensions
{
    /// <summary>
    /// Runs Neptune on Hangfire over the storage <paramref name="storage"/> returns (PostgreSQL, SQL Server, any):
    /// options from <c>Neptune:Hangfire</c> (validated at start), the client, and — unless
    /// <see cref="HangfireOptions.RunServer"/> is off — a worker node as a hosted service. The ports
    /// (<see cref="ICommitComparer"/>, <see cref="ISourceFetcher"/>, <see cref="ITerraformExecutor"/>, stores, publisher,
    /// audit sink) must be registered by the application or other <c>Use…</c> calls; stores must be shared by all nodes.
    /// </summary>
    public static NeptuneBuilder UseHangfire(this NeptuneBuilder builder, Func<IServiceProvider, JobStorage> storage, Action<HangfireOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        var services = builder.Services;
        var options = services.AddOptions<HangfireOptions>().BindConfiguration(HangfireOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HangfireOptions>, HangfireOptionsValidator>());
        services.TryAddSingleton(sp => new HangfireNeptune(
            storage(sp),
            sp.GetRequiredService<IOptions<HangfireOptions>>().Value,
            new HangfirePorts
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
        services.TryAddSingleton<INeptuneClient>(sp => sp.GetRequiredService<HangfireNeptune>());
        services.TryAddSingleton(sp => new HangfireNeptuneNode(sp.GetRequiredService<HangfireNeptune>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, HangfireNodeService>());
        return builder;
    }
}
