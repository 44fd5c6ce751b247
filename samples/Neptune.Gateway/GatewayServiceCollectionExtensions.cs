using Neptune.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the gateway's endpoints need.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Binds <see cref="GatewayOptions"/> from <c>Neptune:Gateway</c>.</summary>
    public static IServiceCollection AddNeptuneGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        services.AddProblemDetails();
        return services;
    }
}
