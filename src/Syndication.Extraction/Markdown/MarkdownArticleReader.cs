using System.Globalization;
using HtmlAgilityPack;
using Markdig;
using Syndication.Core.Articles;
using Syndication.Extraction.Html;
using Syndication.Extraction.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Syndication.Extraction.Markdown;

/// <summary>Reads a Markdown upload with optional YAML front matter (title, date, updated, author, tags, language, image, canonical, description, translationKey).</summary>
internal static class MarkdownArticleReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml() // editors' raw HTML would bypass nothing (we sanitise) but would surprise them in feeds
        .Build();

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public static HtmlArticle Read(string markdown, ArticleSource source)
    {
        var (frontMatter, body) = SplitFrontMatter(markdown, source.Name);
        string? Field(params string[] names)
        {
            foreach (var name in names)
            {
                if (frontMatter.TryGetValue(name, out var value) && value is string s && !string.IsNullOrWhiteSpace(s))
                {
                    return TextCleaner.Collapse(s);
                }
            }

            return null;
        }

        var title = Field("title", "headline");
        if (title is null)
        {
            // "# Heading" on the first line is the title; it must not repeat in the body.
            var lines = body.TrimStart().Split('\n', 2);
            if (lines[0].StartsWith("# ", StringComparison.Ordinal))
            {
                title = TextCleaner.Collapse(lines[0][2..].Trim().TrimEnd('#').Trim());
                body = lines.Length > 1 ? lines[1] : "";
            }
        }

        var html = Markdig.Markdown.ToHtml(body, Pipeline);
        // Only an http(s) canonical may be the base of relative links (and the article's URL).
        var baseUri = Uri.TryCreate(OutboundUrl.OrNull(Field("canonical", "canonicalUrl", "url")), UriKind.Absolute, out var canonical) ? canonical : source.BaseUrl;
        string? Resolve(string? url) => HtmlArticleReader.ResolveUrl(url, baseUri);

        var document = new HtmlDocument();
        document.LoadHtml(html);
        var walker = new BlockWalker(Resolve);
        walker.Walk(document.DocumentNode);
        var text = BodyExtractor.ToText(walker.Blocks);
        if (text.Length == 0)
        {
            throw new ExtractionException($"'{source.Name}' has front matter but no article text.");
        }

        title ??= text.Split('\n', 2)[0];
        var tags = TagsOf(frontMatter.GetValueOrDefault("tags") ?? frontMatter.GetValueOrDefault("keywords"));
        var language = HtmlArticleReader.PrimaryTag(Field("language", "lang", "locale")) ?? LanguageDetector.Detect(title + "\n" + text);
        var image = Resolve(Field("image", "cover")) ?? walker.Blocks.FirstOrDefault(b => b.Kind == BlockKind.Image)?.ImageUrl;

        return new HtmlArticle(
            title,
            DateOf(frontMatter.GetValueOrDefault("date") ?? frontMatter.GetValueOrDefault("published")),
            DateOf(frontMatter.GetValueOrDefault("updated") ?? frontMatter.GetValueOrDefault("modified") ?? frontMatter.GetValueOrDefault("lastmod")),
            AuthorOf(frontMatter.GetValueOrDefault("author") ?? frontMatter.GetValueOrDefault("authors")),
            language,
            image,
            tags,
            baseUri == canonical ? canonical?.AbsoluteUri : null,
            text,
            HtmlOutput.Sanitize(html, baseUri?.ToString()),
            Field("description", "summary", "excerpt"),
            TranslationKey: Field("translationKey", "translation_key"));
    }

    private static (Dictionary<string, object?> FrontMatter, string Body) SplitFrontMatter(string markdown, string name)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return (new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase), text);
        }

        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new ExtractionException($"'{name}' opens YAML front matter with '---' but never closes it.");
        }

        var yaml = text[4..(end + 1)];
        var afterFence = text.IndexOf('\n', end + 4);
        var body = afterFence < 0 ? "" : text[(afterFence + 1)..];
        try
        {
            var parsed = Yaml.Deserialize<Dictionary<string, object?>>(yaml) ?? [];
            return (new Dictionary<string, object?>(parsed, StringComparer.OrdinalIgnoreCase), body);
        }
        catch (YamlException ex)
        {
            throw new ExtractionException($"'{name}' has invalid YAML front matter (line {ex.Start.Line}): {ex.Message}", ex);
        }
    }

    private static DateTimeOffset? DateOf(object? value) => value switch
    {
        string s => DateParser.ParseMachine(s),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => null,
    };

    private static string? AuthorOf(object? value) => value switch
    {
        string s => TextCleaner.CollapseOrNull(s),
        IEnumerable<object> list => TextCleaner.CollapseOrNull(string.Join(", ", list.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))),
        _ => null,
    };

    private static List<string> TagsOf(object? value)
    {
        IEnumerable<string?> raw = value switch
        {
            string s => s.Split(',', ';'),
            IEnumerable<object> list => list.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)),
            _ => [],
        };
        var tags = new List<string>();
        foreach (var item in raw)
        {
            var tag = TextCleaner.Collapse(item);
            if (tag.Length > 0 && !tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(tag);
            }
        }

        return tags;
    }
}
