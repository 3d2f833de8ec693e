using Microsoft.Extensions.Options;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Extraction.Decoding;
using Syndication.Extraction.Html;
using Syndication.Extraction.Markdown;
using Syndication.Extraction.Summaries;

namespace Syndication.Extraction;

/// <summary>Extracts articles from HTML pages (any charset) and Markdown uploads with front matter.</summary>
public sealed class ArticleExtractor(ISummarizer summarizer, IOptions<IngestOptions> options) : IArticleExtractor
{
    /// <summary>The extractor with the sentence summariser, for callers without a service container (CLI, benchmarks, tests).</summary>
    public static ArticleExtractor Create(IngestOptions? options = null) => new(new SentenceSummarizer(), Options.Create(options ?? new IngestOptions()));

    public ExtractedArticle Extract(ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = PageDecoder.Decode(source);
        var article = IsMarkdown(source, text) ? MarkdownArticleReader.Read(text, source) : HtmlArticleReader.Read(text, source);
        var extracted = ArticleLimits.Apply(new ExtractedArticle
        {
            Title = article.Title,
            Published = article.Published,
            Updated = article.Updated,
            Author = article.Author,
            Language = article.Language,
            Image = article.Image,
            Tags = article.Tags,
            CanonicalUrl = article.CanonicalUrl,
            Alternates = article.Alternates ?? [],
            TranslationKey = article.TranslationKey,
            Text = article.Text,
            Html = article.Html,
            Description = article.Description,
            Summary = "",
        }, options.Value);
        var summary = ArticleLimits.LimitSummary(summarizer.Summarize(extracted, options.Value.SummaryMaxChars), options.Value.SummaryMaxChars);
        return extracted with { Summary = summary };
    }

    private static bool IsMarkdown(ArticleSource source, string text)
    {
        var extension = Path.GetExtension(source.Name);
        if (extension.Equals(".md", StringComparison.OrdinalIgnoreCase) || extension.Equals(".markdown", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (source.ContentType is { } type && type.StartsWith("text/markdown", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A front-matter file uploaded without an extension.
        return extension.Length == 0 && text.TrimStart('\uFEFF').StartsWith("---", StringComparison.Ordinal);
    }
}
