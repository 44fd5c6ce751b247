using Neptune.Ports;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// Terraform whose <c>init</c> lasts until the host stops, like a real apply that takes longer than the benchmark. So
/// each target runs one deployment for the whole run and every later merge for it waits in its queue: the host accepts
/// and journals revisions, but runs no deployment work alongside the intake being measured.
/// </summary>
public sealed class HeldTerraform : ITerraformExecutor
{
    private long _started;

    /// <summary>Deployments that reached terraform (one per target that got a merge).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <inheritdoc />
    public async Task InitAsync(TerraformContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task PlanAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A held run never plans.");

    /// <inheritdoc />
    public Task<byte[]> ShowJsonAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A held run never plans.");

    /// <inheritdoc />
    public Task ApplyAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A held run never applies.");
}
