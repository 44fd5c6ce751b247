using Microsoft.Extensions.Hosting;

namespace Neptune.Hosting.InProcess;

/// <summary>Starts <see cref="InProcessNeptune"/> with the host and stops it with the host; nothing else.</summary>
public sealed class InProcessNeptuneService : IHostedService
{
    private readonly InProcessNeptune neptune;

    /// <summary>Wraps the host's Neptune.</summary>
    public InProcessNeptuneService(InProcessNeptune neptune)
    {
        ArgumentNullException.ThrowIfNull(neptune);
        this.neptune = neptune;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => neptune.StartAsync(cancellationToken);

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) =>
        await neptune.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
}
