using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Neptune.Hosting.InProcess.Tests.Health;

/// <summary>The <c>neptune-host</c> health check, registered by <c>UseInProcess()</c>, against the real host and journal.</summary>
public sealed class InProcessHealthCheckTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neptune-health-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:DataDir"] = Path.Combine(root, "data"),
            ["Neptune:Terraform:Path"] = StandIn.Terraform,
        });
        builder.Services.AddLogging();
        builder.Services.AddNeptune(n => n.UseInProcess().UseInProcess()); // twice: still one check
        return builder.Build();
    }

    [Fact]
    public async Task Unhealthy_before_start_healthy_while_running_and_unhealthy_once_the_journal_is_gone()
    {
        using var host = Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Single(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "neptune-host");

        var before = (await health.CheckHealthAsync()).Entries["neptune-host"];
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("not running", before.Description, StringComparison.Ordinal);

        await host.StartAsync();
        var running = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal(Path.Combine(root, "data", "neptune.db"), running.Entries["neptune-host"].Data["journal"]);

        foreach (var file in Directory.GetFiles(Path.Combine(root, "data"), "neptune.db*"))
        {
            File.Delete(file);
        }

        var gone = (await health.CheckHealthAsync()).Entries["neptune-host"];
        Assert.Equal(HealthStatus.Unhealthy, gone.Status);
        Assert.Contains("cannot be read", gone.Description, StringComparison.Ordinal);
        await host.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
    }
}
