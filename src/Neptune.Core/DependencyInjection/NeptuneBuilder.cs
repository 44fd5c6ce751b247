using Microsoft.Extensions.DependencyInjection;

namespace Neptune.DependencyInjection;

/// <summary>
/// Configures Neptune inside <c>services.AddNeptune(n =&gt; …)</c>. Host and adapter packages add
/// <c>Use…</c> extension methods to it (<c>UseInProcess</c>, <c>UseTemporal</c>, <c>UseGitHub</c>…).
/// </summary>
public sealed class NeptuneBuilder
{
    internal NeptuneBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection Neptune registers into.</summary>
    public IServiceCollection Services { get; }
}
