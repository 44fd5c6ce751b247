using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.Hosting.Hangfire.Tests.Support;
using Neptune.Ports;

namespace Neptune.Hosting.Hangfire.Tests.DependencyInjection;

public sealed class HangfireNeptuneBuilderExtensionsTests : IAsyncLifetime
{
    private HangfireHarness h = null!;

    public async Task InitializeAsync() => h = await InMemoryHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task UseHangfire_registers_the_client_and_a_node_that_runs_the_pipeline()
    {
        var storage = new InMemoryStorage();
        using var host = Host(storage, o => o.DataDir = h.DataDir);
        await host.StartAsync();

        var client = host.Services.GetRequiredService<INeptuneClient>();
        Assert.IsType<HangfireNeptune>(client);
        var receipt = await client.RequestRevisionAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 0))));
        var deadline = DateTime.UtcNow + HangfireHarness.Patience;
        while ((await client.GetDeploymentAsync(receipt.DeploymentId!.Value)).Stage != DeploymentStage.Finished)
        {
            Assert.True(DateTime.UtcNow < deadline, "The node never finished the deployment.");
            await Task.Delay(50);
        }

        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_settings_stop_start_up_naming_the_key()
    {
        using var host = Host(new InMemoryStorage(), o => o.SharedQueue = "Not A Queue");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:Hangfire:SharedQueue", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_UseHangfire_twice_registers_one_client()
    {
        var services = new ServiceCollection();
        services.AddNeptune(n => n.UseHangfire(_ => new InMemoryStorage()).UseHangfire(_ => new InMemoryStorage()));

        Assert.Single(services, d => d.ServiceType == typeof(INeptuneClient));
        Assert.Single(services, d => d.ServiceType == typeof(HangfireNeptune));
    }

    private IHost Host(InMemoryStorage storage, Action<HangfireOptions> configure)
    {
        var ports = h.Ports();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<ICommitComparer>(ports.CommitComparer);
        builder.Services.AddSingleton<ISourceFetcher>(ports.SourceFetcher);
        builder.Services.AddSingleton<ITerraformExecutor>(ports.Terraform);
        builder.Services.AddSingleton<IDeploymentStore>(ports.DeploymentStore);
        builder.Services.AddSingleton<IJobLogStore>(ports.JobLogStore);
        builder.Services.AddSingleton<ICheckRunPublisher>(ports.CheckRunPublisher);
        builder.Services.AddSingleton<IAuditSink>(ports.AuditSink);
        builder.Services.AddNeptune(n => n.UseHangfire(_ => storage, o =>
        {
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
            o.NodeTimeout = TimeSpan.FromSeconds(30);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.RootEnvironment["NEPTUNE_STANDIN_APPLY_LOG"] = h.ApplyLog;
            configure(o);
        }));
        return builder.Build();
    }
}
