using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Hosting.Hangfire;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Starts the worker node with the host when <see cref="HangfireOptions.RunServer"/> is on; does nothing otherwise.</summary>
internal sealed class HangfireNodeService(IServiceProvider services, IOptions<HangfireOptions> options) : IHostedService
{
    private HangfireNeptuneNode? node;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunServer)
        {
            return Task.CompletedTask;
        }

        node = services.GetRequiredService<HangfireNeptuneNode>();
        return node.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => node?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
