using Neptune.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the gateway's endpoints need.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Binds <see cref="GatewayOptions"/> from <c>Neptune:Gateway</c> and adds health checks (the packages add theirs).</summary>
    public static IServiceCollection AddNeptuneGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        services.AddProblemDetails();
        services.AddHealthChecks(); // /healthz answers even when no package registered a check (Temporal host)
        return services;
    }
}
