using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.DependencyInjection;

// In this namespace so AddNeptune shows up wherever services are configured, like every AddX of Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one entry point: <c>services.AddNeptune(n =&gt; n.UseInProcess())</c>.</summary>
public static class NeptuneServiceCollectionExtensions
{
    /// <summary>Adds Neptune and lets <paramref name="configure"/> choose the host and adapters. Safe to call more than once.</summary>
    public static IServiceCollection AddNeptune(this IServiceCollection services, Action<NeptuneBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        configure(new NeptuneBuilder(services));
        return services;
    }
}
