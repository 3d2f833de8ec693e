using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Syndication.Extraction;

/// <summary>Registers the article extractor and summariser.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
