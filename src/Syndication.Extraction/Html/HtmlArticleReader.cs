using System.Text.RegularExpressions;
using HtmlAgilityPack;
using Syndication.Core.Articles;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Html;

/// <summary>An article read from HTML, before its summary is written.</summary>
internal sealed record HtmlArticle(
    string Title,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string? Author,
    string? Language,
    string? Image,
    IReadOnlyList<string> Tags,
    string? CanonicalUrl,
    string Text,
    string Html,
    string? Description,
    IReadOnlyList<ArticleAlternate>? Alternates = null,
    string? TranslationKey = null);

/// <summary>Reads an article out of a decoded HTML page.</summary>
internal static partial class HtmlArticleReader
{
    // Inline data URIs (base64 images) and script bodies can make up most of a huge page; dropping them before parsing
    // keeps pathological uploads cheap without changing what a reader sees.
    private const int PreStripThreshold = 1_000_000;
    // Six times the largest benchmark page once its scripts and styles are gone (250 K characters).
    private const int MaxParsedChars = 1_500_000;

    public static HtmlArticle Read(string html, ArticleSource source)
    {
        if (html.Length > PreStripThreshold)
        {
            html = Scripts().Replace(html, "");
            html = DataUris().Replace(html, "\"\"");
            if (html.Length > MaxParsedChars)
            {
                // What is left beyond this is not an article we could publish (the body is capped far below it);
                // parsing it would only cost time. The cut is treated like any truncated upload: before a tag so none
                // is split, or, inside a long run of text (no tag in the last 64 K characters), at a space so that
                // text survives.
                var cut = html.LastIndexOf('<', MaxParsedChars);
                if (cut < MaxParsedChars - 65_536)
                {
                    cut = html.LastIndexOf(' ', MaxParsedChars);
                }

                html = html[..(cut > 0 ? cut : MaxParsedChars)];
            }
        }

        var noscript = ArticleInNoscript(html);
        var raw = html;
        html = HtmlPrefilter.Apply(html);
        var document = Parse(html);
        var meta = MetadataReader.Read(document);
        NavSwitcherLinks.Read(raw, meta);
        var baseUri = BaseUri(meta, source);
        string? Resolve(string? url) => ResolveUrl(url, baseUri);

        var title = TitleChooser.Choose(meta);
        var root = document.DocumentNode;
        BodyExtractor.PruneAlways(root);
        var page = FindBody(root) ?? root;
        var unlikely = BodyExtractor.FindUnlikely(root);
        var body = BodyExtractor.Extract(page, Resolve, title, meta.ArticleBody, unlikely);
        var text = body is null ? "" : BodyExtractor.ToText(body.Blocks);
        if (text.Length < 250)
        {
            // The strict walk skipped elements whose class looked unlikely; some templates put the article in one. Small
            // boxes holding no paragraph (share and like buttons) are not it and stay out.
            var relaxed = BodyExtractor.Extract(page, Resolve, title, meta.ArticleBody, BodyExtractor.Widgets(unlikely));
            var relaxedText = relaxed is null ? "" : BodyExtractor.ToText(relaxed.Blocks);
            if (relaxedText.Length > text.Length)
            {
                (body, text) = (relaxed, relaxedText);
            }
        }

        if (noscript is not null && noscript.Length > 2 * text.Length)
        {
            // Pages rendered by script (Blogger's dynamic views, some news apps) leave the article only in <noscript>,
            // which the prefilter cuts: when it reads as a body much longer than what the page shows, it is the body.
            // Wrapped so that its paragraphs share a container, as they would on the page.
            var fallback = Parse(HtmlPrefilter.Apply("<html><body><div>" + noscript + "</div></body></html>")).DocumentNode;
            BodyExtractor.PruneAlways(fallback);
            var fromNoscript = BodyExtractor.Extract(fallback, Resolve, title, meta.ArticleBody, BodyExtractor.FindUnlikely(fallback));
            var noscriptText = fromNoscript is null ? "" : BodyExtractor.ToText(fromNoscript.Blocks);
            if (noscriptText.Length >= MinNoscriptBody && noscriptText.Length > 2 * text.Length)
            {
                (body, text) = (fromNoscript, noscriptText);
            }
        }

        if (body is null || text.Length == 0)
        {
            throw new ExtractionException($"'{source.Name}' has no recognisable article body: no paragraphs of text were found.");
        }

        // Date and byline lines beside the headline are metadata, not running text.
        var dateLines = DateLineFilter.Apply(body.Blocks);
        if (dateLines.Blocks.Count < body.Blocks.Count)
        {
            body = body with { Blocks = dateLines.Blocks };
            text = BodyExtractor.ToText(body.Blocks);
        }

        if (meta.Published is null || meta.Author is null)
        {
            MetadataReader.ReadDateLines(page, meta);
        }

        title ??= TitleChooser.Fallback(meta) ?? FirstLine(text);
        var published = meta.Published ?? meta.DateTexts.Concat(meta.DateLines).Select(DateParser.ParsePublished).FirstOrDefault(d => d is not null)
            ?? dateLines.Published ?? DateParser.ParsePublished(text.Length > 600 ? text[..600] : text);
        var updated = meta.Updated ?? dateLines.Updated ?? meta.DateTexts.Concat(meta.DateLines).Select(DateParser.ParseUpdated).FirstOrDefault(d => d is not null);
        var author = meta.Author
            ?? meta.Bylines.Concat(meta.DateTexts).Concat(meta.DateLines).Select(MetadataReader.BylineIn).FirstOrDefault(a => a is not null)
            ?? dateLines.Author
            ?? meta.Bylines.Select(MetadataReader.Authorish).FirstOrDefault(a => a is not null && a.Length < 80 && !a.Any(char.IsDigit));
        var language = Language(meta, title + "\n" + text);
        var image = Resolve(meta.Image) ?? body.FirstImage;
        var canonical = Resolve(meta.Canonical);
        var bodyHtml = HtmlOutput.Join(HtmlOutput.Write(body.Blocks));

        return new HtmlArticle(
            TextCleaner.Collapse(title),
            published,
            updated,
            author,
            language,
            image,
            meta.Tags,
            canonical is not null && canonical.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? canonical : null,
            TextCleaner.RemoveXmlInvalid(text),
            bodyHtml,
            TextCleaner.CollapseOrNull(meta.Description),
            AlternateLinks.Collect(meta, Resolve, canonical, language));
    }

    /// <summary>Shortest noscript body worth reading: a few paragraphs, not an "enable JavaScript" notice.</summary>
    private const int MinNoscriptBody = 400;

    /// <summary>
    /// The largest <c>noscript</c> element's inner HTML when it holds paragraphs (two or more <c>p</c> tags), else
    /// null: tracking pixels, lazy-image fallbacks and "please enable JavaScript" notices hold none. One linear scan.
    /// </summary>
    private static string? ArticleInNoscript(string html)
    {
        string? best = null;
        var at = 0;
        while ((at = html.IndexOf("<noscript", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var open = html.IndexOf('>', at);
            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf("</noscript", open, StringComparison.OrdinalIgnoreCase);
            var end = close < 0 ? html.Length : close;
            var inner = html.AsSpan(open + 1, end - open - 1);
            if (inner.Length > MinNoscriptBody && (best is null || inner.Length > best.Length) && Paragraphs(inner) >= 2)
            {
                best = inner.ToString();
            }

            at = end;
        }

        return best;
    }

    private static int Paragraphs(ReadOnlySpan<char> html)
    {
        var count = 0;
        int at;
        while ((at = html.IndexOf("<p", StringComparison.OrdinalIgnoreCase)) >= 0 && count < 2)
        {
            html = html[(at + 2)..];
            if (html.Length > 0 && (html[0] is '>' or ' ' or '\t' or '\n' or '\r' or '/'))
            {
                count++;
            }
        }

        return count;
    }

    private static HtmlDocument Parse(string html)
    {
        // We never look nodes up by id, and syntax errors are what every saved page has: keeping an id index and a
        // parse-error list would only cost time and memory.
        var document = new HtmlDocument { OptionUseIdAttribute = false, OptionCheckSyntax = false };
        document.LoadHtml(html);
        return document;
    }

    private static HtmlNode? FindBody(HtmlNode root)
    {
        var queue = new Queue<(HtmlNode Node, int Depth)>();
        queue.Enqueue((root, 0));
        while (queue.Count > 0)
        {
            var (node, depth) = queue.Dequeue();
            if (node.Name == "body")
            {
                return node;
            }

            if (depth < 3)
            {
                for (var child = node.FirstChild; child is not null; child = child.NextSibling)
                {
                    if (child.NodeType == HtmlNodeType.Element)
                    {
                        queue.Enqueue((child, depth + 1));
                    }
                }
            }
        }

        return null;
    }

    private static string? Language(PageMetadata meta, string text)
    {
        var declared = meta.Language;
        if (declared is null)
        {
            // hreflang alternates that point at this page say its language.
            foreach (var (lang, href) in meta.Alternates)
            {
                if (meta.Canonical is not null && string.Equals(href.TrimEnd('/'), meta.Canonical.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) && lang != "x-default")
                {
                    declared = lang;
                    break;
                }
            }
        }

        var primary = PrimaryTag(declared);
        if (primary is null)
        {
            return LanguageDetector.Detect(text);
        }

        // CMS templates often declare the site's main language on every page (an English story on a German edition,
        // a Kazakh one on a Russian site); a text that leaves no doubt knows better.
        var detected = LanguageDetector.DetectConfidently(text);
        // Scripts shared by languages we do not tell apart (Ukrainian beside Russian, Japanese kanji) keep the declaration.
        return detected is not null && detected != primary && !(primary is "uk" or "be" && detected is "ru") && !(primary is "ja" or "zh" && detected is "ja" or "zh")
            ? detected
            : primary;
    }

    /// <summary>Lower-case primary subtag of a BCP 47 tag or locale ("ru_RU" → "ru").</summary>
    public static string? PrimaryTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_', ' ', ',')[0].ToLowerInvariant();
        return primary.Length is >= 2 and <= 3 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }

    private static Uri? BaseUri(PageMetadata meta, ArticleSource source)
    {
        foreach (var candidate in new[] { meta.Canonical, meta.BaseHref })
        {
            if (candidate is not null && Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            if (candidate is not null && source.BaseUrl is not null && Uri.TryCreate(source.BaseUrl, candidate, out var relative))
            {
                return relative;
            }
        }

        return source.BaseUrl;
    }

    /// <summary>Makes a URL absolute; null for script URLs, fragments and anything that is not http(s) or mailto.</summary>
    public static string? ResolveUrl(string? url, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = System.Net.WebUtility.HtmlDecode(url.Trim());
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            url = (baseUri?.Scheme ?? "https") + ":" + url;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !(absolute.IsFile && !url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            return absolute.Scheme is "http" or "https" or "mailto" ? absolute.AbsoluteUri : null;
        }

        if (url.StartsWith('#'))
        {
            return null;
        }

        if (baseUri is not null && Uri.TryCreate(baseUri, url, out var resolved))
        {
            return resolved.Scheme is "http" or "https" ? resolved.AbsoluteUri : null;
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        if (line.Length <= 120)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', 110);
        return (cut > 40 ? line[..cut] : line[..110]) + "…";
    }

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"""data:[^""]{200,}""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex DataUris();
}
