using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>Registers the feed formatters and the OPML writer.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IFeedFormatter, RssFeedFormatter>();
        services.AddSingleton<IFeedFormatter, AtomFeedFormatter>();
        services.AddSingleton<IFeedFormatter, JsonFeedFormatter>();
        services.AddSingleton<IOpmlWriter, OpmlWriter>();
        return services;
    }
}
