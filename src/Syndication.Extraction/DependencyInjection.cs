using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Syndication.Core.Articles;
using Syndication.Extraction.Summaries;

namespace Syndication.Extraction;

/// <summary>Registers the article extractor and summariser.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // IngestOptions (SummaryMaxChars) is bound and validated by AddSyndicationCore.
        services.AddOptions<Core.IngestOptions>();
        services.TryAddSingleton<ISummarizer, SentenceSummarizer>();
        services.TryAddSingleton<IArticleExtractor, ArticleExtractor>();
        return services;
    }
}
