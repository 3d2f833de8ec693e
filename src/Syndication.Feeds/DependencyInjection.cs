using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Syndication.Feeds;

/// <summary>Registers the feed formatters and the OPML writer.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
