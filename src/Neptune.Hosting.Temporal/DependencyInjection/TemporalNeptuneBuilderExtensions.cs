using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.DependencyInjection;
using Neptune.Hosting.Temporal;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Client;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Ports;
using Neptune.Terraform;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

// In this namespace so UseTemporal shows up wherever AddNeptune is called.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Temporal host.</summary>
public static class TemporalNeptuneBuilderExtensions
{
    /// <summary>
    /// Runs Neptune on Temporal: an <see cref="INeptuneClient"/> for gateways (signal-with-start, signals, queries) and,
    /// per <see cref="TemporalOptions.RunDeployWorker"/> and <see cref="TemporalOptions.RunTerraformWorker"/>, hosted
    /// workers (Temporalio.Extensions.Hosting): deploy workflows on <see cref="TemporalOptions.TaskQueue"/>, and a
    /// terraform worker that claims runs on <see cref="TemporalOptions.TerraformTaskQueue"/> and runs their steps on a
    /// queue of its own. Options are validated at start.
    /// </summary>
    /// <remarks>
    /// Task queues are fixed when services are registered, so settings come from <paramref name="configure"/>; to read
    /// them from configuration bind there: <c>UseTemporal(t =&gt; configuration.GetSection("Neptune:Temporal").Bind(t))</c>.
    /// Terraform workers need shared stores: register <see cref="IDeploymentStore"/>, <see cref="IJobLogStore"/>,
    /// <see cref="ICheckRunPublisher"/> and <see cref="IAuditSink"/> adapters that every worker reaches (S3, GitHub).
    /// </remarks>
    public static NeptuneBuilder UseTemporal(this NeptuneBuilder builder, Action<TemporalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var registration = new TemporalOptions();
        configure?.Invoke(registration);

        var options = services.AddOptions<TemporalOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((o, sp) => o.DataDir ??= sp.GetService<IConfiguration>()?["Neptune:DataDir"] ?? "./.neptune");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TemporalOptions>, TemporalOptionsValidator>());

        services.AddTemporalClient(_ => { });
        services.AddOptions<TemporalClientConnectOptions>().Configure<IOptions<TemporalOptions>>((client, temporal) => Connect(client, temporal.Value));

        // Workers on many hosts must share these; there is no local default (S3 stores and the GitHub publisher fit).
        Require<IDeploymentStore>(services, "a deployment store every deploy worker reaches (e.g. S3)");
        Require<IJobLogStore>(services, "a job log store every terraform worker and gateway reaches (e.g. S3)");
        Require<ICheckRunPublisher>(services, "a check-run publisher (UseGitHub)");
        Require<IAuditSink>(services, "an audit sink (SNS or a file on a shared volume)");

        services.TryAddSingleton<INeptuneClient>(sp => new TemporalNeptuneClient(
            sp.GetRequiredService<ITemporalClient>(),
            sp.GetRequiredService<IOptions<TemporalOptions>>().Value,
            sp.GetRequiredService<IJobLogStore>(),
            registration.RunTerraformWorker ? sp.GetRequiredService<TerraformWorker>() : null));

        if (registration.RunDeployWorker)
        {
            services.AddHostedTemporalWorker(registration.TaskQueue)
                .AddWorkflow<DeployWorkflow>()
                .AddWorkflow<TerraformRunWorkflow>()
                .AddScopedActivities<DeployActivities>();
        }

        if (registration.RunTerraformWorker)
        {
            services.AddOptions<TerraformOptions>().BindConfiguration(TerraformOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TerraformOptions>, TerraformOptionsValidator>());
            services.TryAddSingleton<ITerraformExecutor, TerraformCliExecutor>();
            builder.UseGit();

            // Unique per process: a run's later steps find this host's checkout and plan file only here.
            var ownQueue = TerraformWorker.UniqueQueue(registration.TerraformTaskQueue);
            services.TryAddSingleton(sp =>
            {
                var o = sp.GetRequiredService<IOptions<TemporalOptions>>().Value;
                return new TerraformWorker(ownQueue, o.DataDir!, o.JobLogs, new Dictionary<string, string>(o.RootEnvironment, StringComparer.Ordinal));
            });
            if (!string.Equals(registration.TerraformTaskQueue, registration.TaskQueue, StringComparison.Ordinal))
            {
                // (Equal queues are refused with a clear message by TemporalOptionsValidator at start.)
                services.AddHostedTemporalWorker(registration.TerraformTaskQueue).AddScopedActivities<TerraformActivities>();
            }

            services.AddHostedTemporalWorker(ownQueue).AddScopedActivities<TerraformActivities>();
        }

        return builder;
    }

    private static void Require<T>(IServiceCollection services, string what)
        where T : class =>
        services.TryAddSingleton<T>(_ => throw new InvalidOperationException(
            $"UseTemporal needs {what}: register an {typeof(T).Name} before calling UseTemporal."));

    /// <summary>Connection settings from <see cref="TemporalOptions"/>: address, namespace, TLS, API key or mTLS.</summary>
    internal static void Connect(TemporalClientConnectOptions client, TemporalOptions options)
    {
        client.TargetHost = options.Address;
        client.Namespace = options.Namespace;
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            client.ApiKey = options.ApiKey;
        }

        if (options.UsesTls)
        {
            client.Tls = string.IsNullOrWhiteSpace(options.ClientCertPath)
                ? new TlsOptions()
                : new TlsOptions { ClientCert = File.ReadAllBytes(options.ClientCertPath), ClientPrivateKey = File.ReadAllBytes(options.ClientKeyPath!) };
        }
    }
}
