using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>Registers the feed formatters, the OPML writer and the WebSub hub notifier.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IFeedFormatter, RssFeedFormatter>();
        services.AddSingleton<IFeedFormatter, AtomFeedFormatter>();
        services.AddSingleton<IFeedFormatter, JsonFeedFormatter>();
        services.AddSingleton<IOpmlWriter, OpmlWriter>();

        services.AddOptions<WebSubOptions>().Bind(configuration.GetSection(WebSubOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebSubNotifier.HttpClientName);
        services.AddSingleton<IFeedChangeNotifier, WebSubNotifier>();
        return services;
    }
}
