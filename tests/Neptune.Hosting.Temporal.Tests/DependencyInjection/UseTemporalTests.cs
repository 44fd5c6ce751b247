using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.Hosting.Temporal.Client;
using Temporalio.Client;

namespace Neptune.Hosting.Temporal.Tests.DependencyInjection;

public sealed class UseTemporalTests
{
    [Fact]
    public void Registers_the_client_and_one_hosted_worker_per_task_queue()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<Neptune.Ports.IJobLogStore>(new Support.MemoryJobLogStore());
        services.AddNeptune(n => n.UseTemporal(t => t.DataDir = Path.GetTempPath()));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<TemporalNeptuneClient>(provider.GetRequiredService<INeptuneClient>());
        Assert.NotNull(provider.GetRequiredService<ITemporalClient>());

        // deploy, terraform (claims) and this host's own queue.
        Assert.Equal(3, services.Count(d => d.ServiceType == typeof(IHostedService)));
        var connect = provider.GetRequiredService<IOptions<TemporalClientConnectOptions>>().Value;
        Assert.Equal(("localhost:7233", "default"), (connect.TargetHost, connect.Namespace));
    }

    [Fact]
    public void A_missing_shared_store_is_named()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNeptune(n => n.UseTemporal(t => t.DataDir = Path.GetTempPath()));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<INeptuneClient>());

        Assert.Contains("IJobLogStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_only_process_runs_no_worker()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNeptune(n => n.UseTemporal(t =>
        {
            t.RunDeployWorker = false;
            t.RunTerraformWorker = false;
        }));

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void Temporal_cloud_settings_reach_the_connection()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNeptune(n => n.UseTemporal(t =>
        {
            t.Address = "ns.acct.tmprl.cloud:7233";
            t.Namespace = "ns.acct";
            t.ApiKey = "key";
            t.RunTerraformWorker = false;
        }));
        using var provider = services.BuildServiceProvider();

        var connect = provider.GetRequiredService<IOptions<TemporalClientConnectOptions>>().Value;

        Assert.Equal(("ns.acct.tmprl.cloud:7233", "ns.acct", "key"), (connect.TargetHost, connect.Namespace, connect.ApiKey));
        Assert.NotNull(connect.Tls);
    }

    [Fact]
    public void Bad_settings_stop_start_up_naming_the_key()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNeptune(n => n.UseTemporal(t =>
        {
            t.Address = "http://localhost";
            t.TerraformTaskQueue = "deploy";
        }));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TemporalOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Neptune:Temporal:Address", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Neptune:Temporal:TerraformTaskQueue are both 'deploy'", StringComparison.Ordinal));
    }
}
