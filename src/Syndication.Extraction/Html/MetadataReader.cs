using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HtmlAgilityPack;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Html;

/// <summary>
/// Reads page metadata in order of trust: JSON-LD, OpenGraph / article:*, Dublin Core and plain meta tags,
/// microdata, &lt;time&gt;, and finally visible bylines and dates.
/// </summary>
internal static partial class MetadataReader
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting",
        "SocialMediaPosting", "Posting", "WebPage",
    };

    public static PageMetadata Read(HtmlDocument document)
    {
        var meta = new PageMetadata();
        var metas = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var jsonLd = new List<string>();
        string? htmlLang = null;
        var tagLinks = new List<string>();
        var micro = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var times = new List<string>();
        var timeTexts = new List<string>();
        var revisionTimes = new List<string>();

        var stack = new Stack<(HtmlNode Node, int Depth, bool InHeader, bool InArticle)>();
        stack.Push((document.DocumentNode, 0, false, false));
        while (stack.Count > 0)
        {
            var (node, depth, inHeader, inArticle) = stack.Pop();
            if (node.NodeType != HtmlNodeType.Element && node.NodeType != HtmlNodeType.Document)
            {
                continue;
            }

            var name = node.Name;
            switch (name)
            {
                case "html":
                    htmlLang ??= node.GetAttributeValue("lang", null) ?? node.GetAttributeValue("xml:lang", null);
                    break;
                case "meta":
                    ReadMeta(node, metas);
                    break;
                case "title" when meta.TitleTag is null:
                    // An empty <title> is no title: a later one (or the h1) still counts.
                    meta.TitleTag = Clean(node.InnerText) is { Length: > 0 } titleText ? titleText : null;
                    break;
                case "script" when node.GetAttributeValue("type", "").Contains("ld+json", StringComparison.OrdinalIgnoreCase):
                    jsonLd.Add(node.InnerHtml);
                    continue;
                case "script" or "style" or "noscript" or "svg" or "template":
                    continue;
                case "link":
                    ReadLink(node, meta);
                    break;
                case "base":
                    meta.BaseHref ??= node.GetAttributeValue("href", null);
                    break;
                case "h1" when !inHeader && !LinksHome(node):
                    if (TextOf(node) is { Length: > 0 } h1)
                    {
                        meta.H1s.Add(h1);
                    }

                    break;
                case "h1":
                    // An h1 in the site header, or one linking to the front page, is the logo: the site's name, not the headline.
                    if (TextOf(node) is { Length: > 0 } logo)
                    {
                        meta.H1s.Add("\u0001" + logo);
                        meta.LogoText ??= logo;
                        meta.SiteNames.Add(logo);
                    }

                    break;
                case "time":
                    // A <time> marked as the revision ("updated", dateModified) is not the publication date; one without a
                    // datetime attribute is read from its text ("11 ноября 2024").
                    var revision = IsRevision(node);
                    if ((node.GetAttributeValue("datetime", null) ?? TextOf(node, 100)) is { Length: > 0 } datetime)
                    {
                        (revision ? revisionTimes : node.GetAttributeValue("datetime", null) is null ? timeTexts : times).Add(datetime);
                    }

                    break;
                case "a" when HasToken(node.GetAttributeValue("rel", null), "tag"):
                    if (Clean(node.InnerText) is { Length: > 0 and < 60 } tag)
                    {
                        tagLinks.Add(tag);
                    }

                    break;
                case "a" when node.HasAttributes && SwitcherLanguage(node) is { } switcherLang && node.GetAttributeValue("href", null) is { } switcherHref:
                    meta.SwitcherLinks.Add((switcherLang, WebUtility.HtmlDecode(switcherHref.Trim())));
                    break;
            }

            // Read once per element: every check below wants them, and each read is a dictionary lookup.
            string? cls = null, id = null, itemprop = null;
            if (node.NodeType == HtmlNodeType.Element)
            {
                if (node.HasAttributes)
                {
                    cls = node.GetAttributeValue("class", null);
                    id = node.GetAttributeValue("id", null);
                    itemprop = node.GetAttributeValue("itemprop", null);
                }

                ReadMicrodata(node, itemprop, micro);
                if (IsComments(cls, id))
                {
                    continue; // commenters' names and dates are not the article's
                }

                ReadVisibleHints(node, cls, id, meta);
                if (meta.SiteNames.Count < 10 && (name == "footer" || Mentions(cls, "copyright", "footer") || Mentions(id, "copyright", "footer"))
                    && Copyright().Match(TextOf(node, 400)) is { Success: true } copyright)
                {
                    // "© 2024 Центр стратегических исследований. Все права защищены": whose site this is.
                    meta.SiteNames.Add(copyright.Groups["name"].Value.Trim());
                }
            }

            if (depth > 400)
            {
                continue; // metadata never lives this deep; pathological pages must stay cheap
            }

            // A <header> inside the article holds the headline; only the page's own header holds the logo.
            var article = inArticle || name is "article" or "main" || itemprop == "articleBody";
            var header = inHeader || (!article && name is "header") || (name is "div" && (Matches(SiteHeader(), cls) || Matches(SiteHeader(), id)));
            var children = node.ChildNodes;
            for (var k = children.Count - 1; k >= 0; k--)
            {
                if (children[k].NodeType == HtmlNodeType.Element)
                {
                    stack.Push((children[k], depth + 1, header, article));
                }
            }
        }

        foreach (var json in jsonLd)
        {
            ReadJsonLd(json, meta);
        }

        // OpenGraph, article:*, Dublin Core, plain meta.
        meta.OgTitle = First(metas, "og:title", "twitter:title", "dc.title", "dcterms.title", "sailthru.title", "parsely-title");
        meta.Headline ??= First(metas, "headline");
        if (meta.Headline is null && micro.GetValueOrDefault("headline") is { } microHeadline
            && (meta.OgTitle ?? meta.TitleTag) is var pageTitle && (pageTitle is null || TitleChooser.Coverage(microHeadline, pageTitle) >= 0.3 || meta.H1s.Contains(microHeadline, StringComparer.OrdinalIgnoreCase)))
        {
            // Templates also mark section and blog names as headline; one that shares nothing with the page title and is not
            // the visible h1 is one of those.
            meta.Headline = microHeadline;
        }
        meta.SiteName = First(metas, "og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher") ?? meta.SiteName;
        foreach (var key in new[] { "og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher", "twitter:site" })
        {
            if (First(metas, key) is { Length: > 1 } name && !name.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                meta.SiteNames.Add(name.TrimStart('@'));
            }
        }

        meta.Published ??= FirstDate(metas, "article:published_time", "og:published_time", "datePublished", "published_time",
            "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "pubdate", "publishdate",
            "publish-date", "publication_date", "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime")
            ?? DateParser.ParseMachine(micro.GetValueOrDefault("datePublished"));
        meta.Updated ??= FirstDate(metas, "article:modified_time", "og:updated_time", "dateModified", "dcterms.modified", "last-modified",
            "article.updated", "modified") ?? DateParser.ParseMachine(micro.GetValueOrDefault("dateModified"));
        meta.Author ??= Authorish(First(metas, "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
            "parsely-author", "byl", "twitter:creator")) ?? Authorish(micro.GetValueOrDefault("author"));
        meta.Image ??= First(metas, "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
            ?? micro.GetValueOrDefault("image");
        meta.Description ??= First(metas, "og:description", "description", "twitter:description", "dc.description", "dcterms.description")
            ?? micro.GetValueOrDefault("description");
        meta.Canonical ??= First(metas, "og:url");

        if (metas.TryGetValue("article:tag", out var articleTags))
        {
            AddTags(meta, articleTags);
        }

        // Plain meta keywords are often SEO lists; a short list is still the editors' own tagging.
        if (meta.Tags.Count == 0 && First(metas, "news_keywords", "keywords") is { } keywords && keywords.Split(',', ';') is { Length: <= 10 } keywordList)
        {
            AddTags(meta, keywordList);
        }

        if (meta.Tags.Count == 0 && micro.TryGetValue("keywords", out var microKeywords))
        {
            AddTags(meta, microKeywords.Split(',', ';'));
        }

        if (tagLinks.Count > 0 && meta.Tags.Count == 0)
        {
            AddTags(meta, tagLinks);
        }

        meta.Language ??= First(metas, "og:locale", "content-language", "dc.language", "dcterms.language", "language")
            ?? micro.GetValueOrDefault("inLanguage") ?? htmlLang;

        meta.Published ??= FirstParsed(times) ?? FirstParsed(timeTexts);
        meta.Updated ??= FirstParsed(revisionTimes);
        if (meta.SiteName is { } site)
        {
            meta.SiteNames.Insert(0, site);
        }

        return meta;
    }

    private static DateTimeOffset? FirstParsed(List<string> values)
    {
        foreach (var value in values)
        {
            if (DateParser.ParseMachine(value) is { } parsed)
            {
                return parsed;
            }
        }

        return null;
    }

    /// <summary>
    /// Plain lines without a telling class ("Опубликовано: …", "Автор: …", "홍길동 기자") into <see cref="PageMetadata.DateLines"/>:
    /// the body keeps the long ones out of its text (<see cref="DateLineFilter"/>), but a short one never reaches it, and
    /// both say when and by whom. A second walk, so only pages whose metadata lacks a date or an author pay for it; headers,
    /// navigation, footers and comments are skipped, and at most a few hundred elements are read.
    /// </summary>
    public static void ReadDateLines(HtmlNode root, PageMetadata meta)
    {
        var checks = 300;
        var stack = new Stack<(HtmlNode Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0 && checks > 0 && meta.DateLines.Count < 6)
        {
            var (node, depth) = stack.Pop();
            if (node.Name is "header" or "nav" or "footer" or "aside" or "script" or "style" or "form")
            {
                continue;
            }

            var cls = node.HasAttributes ? node.GetAttributeValue("class", null) : null;
            var id = node.HasAttributes ? node.GetAttributeValue("id", null) : null;
            if (IsComments(cls, id) || Matches(SiteHeader(), cls) || Matches(SiteHeader(), id))
            {
                continue;
            }

            if (node.Name is "p" or "div" or "span" or "small" or "address" or "em" or "strong" or "font" or "li" or "h5" or "h6" && HasDateOrBylineHint(node))
            {
                checks--;
                var line = TextOf(node, 200);
                if (line.Length <= 160 && (meta.DateLines.Count == 0 || meta.DateLines[^1] != line) && DateLineFilter.IsDateOrBylineLine(line, out _))
                {
                    meta.DateLines.Add(line);
                }
            }

            if (depth < 400)
            {
                var children = node.ChildNodes;
                for (var k = children.Count - 1; k >= 0; k--)
                {
                    if (children[k].NodeType == HtmlNodeType.Element)
                    {
                        stack.Push((children[k], depth + 1));
                    }
                }
            }
        }
    }

    /// <summary>Whether an element's own text (not its children's) has a digit or a byline word: worth reading as a date line.</summary>
    private static bool HasDateOrBylineHint(HtmlNode node)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child.NodeType == HtmlNodeType.Text)
            {
                var text = ((HtmlTextNode)child).Text.AsSpan();
                if (text.Length < 300 && (text.IndexOfAnyInRange('0', '9') >= 0 || text.Contains("By ", StringComparison.Ordinal) || text.Contains("Автор", StringComparison.Ordinal)
                    || text.Contains("기자", StringComparison.Ordinal) || text.Contains("작성자", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRevision(HtmlNode node) =>
        node.GetAttributeValue("itemprop", null) is "dateModified"
        || Mentions(node.GetAttributeValue("class", null), "updated", "modified")
        || (node.ParentNode is { } parent && parent.Name != "body" && DateParser.MentionsUpdate(TextOf(parent, 80)) && !Mentions(TextOf(parent, 80), "publ", "опубл"));

    // class and id are checked one by one: this runs on every element, and joining them cost an allocation each.
    private static bool IsComments(string? cls, string? id) => Mentions(cls, "comment", "disqus") || Mentions(id, "comment", "disqus");

    /// <summary>Whether a space-separated list (a rel attribute) holds <paramref name="token"/>; allocates nothing, as it runs on every link.</summary>
    private static bool HasToken(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }

        var span = list.AsSpan();
        foreach (var range in span.Split(' '))
        {
            if (span[range].SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An h1 that is (or holds, or sits in) a link to the site's front page: the logo, not a headline.</summary>
    private static bool LinksHome(HtmlNode h1)
    {
        var link = h1.Name == "a" ? h1 : h1.ParentNode?.Name == "a" ? h1.ParentNode : h1.SelectSingleNode("./a");
        var href = link?.GetAttributeValue("href", null)?.Trim();
        if (href is null || h1.ChildNodes.Count > 3)
        {
            return false;
        }

        return href is "/" or "./" or "#" || (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath is "/" or "" && uri.Query.Length == 0);
    }

    private static bool Mentions(string? value, string first, string second) =>
        value is not null && (value.Contains(first, StringComparison.OrdinalIgnoreCase) || value.Contains(second, StringComparison.OrdinalIgnoreCase));

    /// <summary>A byline written into the text: "By Jane Doe", "Автор: Руслан Байжанов".</summary>
    public static string? BylineIn(string text)
    {
        var match = BylineMatch(text);
        return match is not null ? Authorish(match.Groups[1].Value) : null;
    }

    /// <summary>
    /// The byline in <paramref name="text"/>, group 1 the name: "By Jane Doe", "Автор: …", "Авторы: …", "작성자: 홍길동",
    /// "홍길동 기자" (Korean puts the title after the name).
    /// </summary>
    public static Match? BylineMatch(string text)
    {
        foreach (var regex in new[] { BylineInText(), KoreanReporter(), KoreanWriter() })
        {
            if (regex.Match(text) is { Success: true } match)
            {
                return match;
            }
        }

        return null;
    }

    private static void ReadMeta(HtmlNode node, Dictionary<string, List<string>> metas)
    {
        var key = node.GetAttributeValue("property", null) ?? node.GetAttributeValue("name", null)
            ?? node.GetAttributeValue("itemprop", null) ?? node.GetAttributeValue("http-equiv", null);
        var content = node.GetAttributeValue("content", null);
        if (key is null || content is null)
        {
            return;
        }

        var value = Clean(content);
        if (value.Length == 0)
        {
            return;
        }

        foreach (var part in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!metas.TryGetValue(part, out var list))
            {
                metas[part] = list = [];
            }

            list.Add(value);
        }
    }

    private static void ReadLink(HtmlNode node, PageMetadata meta)
    {
        var rel = node.GetAttributeValue("rel", "").ToLowerInvariant();
        var href = node.GetAttributeValue("href", null);
        if (href is null)
        {
            return;
        }

        href = WebUtility.HtmlDecode(href.Trim());
        if (HasToken(rel, "canonical"))
        {
            meta.Canonical ??= href;
        }
        else if (rel.Contains("alternate", StringComparison.Ordinal) && node.GetAttributeValue("hreflang", null) is { } hreflang)
        {
            meta.Alternates.Add((hreflang, href));
        }
    }

    /// <summary>
    /// The language a switcher link leads to: its <c>hreflang</c>, or its <c>lang</c> when one of its three nearest ancestors is a
    /// language menu (class or id naming "lang"), as CMS switchers write them ("Русский" links marked <c>lang="ru"</c>).
    /// </summary>
    internal static string? SwitcherLanguage(HtmlNode node)
    {
        if (node.GetAttributeValue("hreflang", null) is { Length: > 0 } hreflang)
        {
            return hreflang;
        }

        if (node.GetAttributeValue("lang", null) is not { Length: > 0 } lang)
        {
            return null;
        }

        for (var (parent, level) = (node.ParentNode, 0); parent is not null && level < 3; parent = parent.ParentNode, level++)
        {
            if ((parent.GetAttributeValue("class", null) ?? "").Contains("lang", StringComparison.OrdinalIgnoreCase)
                || (parent.GetAttributeValue("id", null) ?? "").Contains("lang", StringComparison.OrdinalIgnoreCase))
            {
                return lang;
            }
        }

        return null;
    }

    private static void ReadMicrodata(HtmlNode node, string? prop, Dictionary<string, string> micro)
    {
        if (prop is null || node.Name == "meta")
        {
            if (prop is not null && node.GetAttributeValue("content", null) is { } content)
            {
                foreach (var p in prop.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    micro.TryAdd(p, Clean(content));
                }
            }

            return;
        }

        string? value = node.GetAttributeValue("content", null) ?? node.GetAttributeValue("datetime", null);
        if (value is null)
        {
            value = node.Name switch
            {
                "img" => node.GetAttributeValue("src", null),
                "a" or "link" when prop is not ("author" or "name" or "headline") => node.GetAttributeValue("href", null),
                _ => null,
            };
        }

        if (value is null && prop is "author" or "creator")
        {
            var name = FindItemprop(node, "name");
            value = name is not null ? TextOf(name) : TextOf(node);
        }

        if (value is null && prop is "headline" or "name" or "datePublished" or "dateModified" or "keywords" or "inLanguage" or "description")
        {
            value = TextOf(node);
        }

        if (!string.IsNullOrWhiteSpace(value))
        {
            foreach (var p in prop.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                micro.TryAdd(p, Clean(value));
            }
        }
    }

    private static HtmlNode? FindItemprop(HtmlNode root, string prop)
    {
        var stack = new Stack<(HtmlNode, int)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (node != root && node.GetAttributeValue("itemprop", null) == prop)
            {
                return node;
            }

            if (depth < 8)
            {
                foreach (var child in node.ChildNodes)
                {
                    if (child.NodeType == HtmlNodeType.Element)
                    {
                        stack.Push((child, depth + 1));
                    }
                }
            }
        }

        return null;
    }

    private static bool Matches(Regex regex, string? value) => !string.IsNullOrEmpty(value) && regex.IsMatch(value);

    private static void ReadVisibleHints(HtmlNode node, string? cls, string? id, PageMetadata meta)
    {
        if (!node.HasAttributes || node.Name is "html" or "body" or "meta" or "link")
        {
            return;
        }

        var rel = node.GetAttributeValue("rel", null);
        if (cls is null && id is null && rel is null)
        {
            return;
        }

        if (meta.DateTexts.Count < 20 && (Matches(DateClass(), cls) || Matches(DateClass(), id)))
        {
            var text = TextOf(node, 300);
            if (text.Length is > 5 and < 200)
            {
                meta.DateTexts.Add(text);
            }
        }

        if (meta.Bylines.Count < 10 && (rel?.Contains("author", StringComparison.OrdinalIgnoreCase) == true || Matches(AuthorClass(), cls) || Matches(AuthorClass(), id)))
        {
            var text = TextOf(node, 200);
            if (text.Length is > 2 and < 120)
            {
                meta.Bylines.Add(text);
            }
        }
    }

    private static void ReadJsonLd(string json, PageMetadata meta)
    {
        json = json.Trim();
        if (json.StartsWith("<!--", StringComparison.Ordinal))
        {
            json = json[4..];
        }

        if (json.EndsWith("-->", StringComparison.Ordinal))
        {
            json = json[..^3];
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            var candidates = new List<JsonElement>();
            Collect(document.RootElement, candidates, 0);
            // The most specific article type wins over a generic WebPage (the first of each kind).
            JsonElement article = default;
            foreach (var candidate in candidates)
            {
                if (!HasType(candidate, "WebPage"))
                {
                    article = candidate;
                    break;
                }
            }

            if (article.ValueKind == JsonValueKind.Undefined && candidates.Count > 0)
            {
                article = candidates[0];
            }
            foreach (var element in candidates)
            {
                if (Property(element, "publisher") is { } publisher && NameOf(publisher) is { } siteName)
                {
                    meta.SiteName ??= siteName;
                    meta.SiteNames.Add(siteName);
                }
            }

            if (article.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var isPage = OnlyType(article, "WebPage");
            meta.Headline ??= StringOf(Property(article, "headline")) ?? (isPage ? null : StringOf(Property(article, "name")));
            meta.Published ??= DateParser.ParseMachine(StringOf(Property(article, "datePublished")) ?? StringOf(Property(article, "dateCreated")));
            meta.Updated ??= DateParser.ParseMachine(StringOf(Property(article, "dateModified")));
            meta.Author ??= Authors(Property(article, "author") ?? Property(article, "creator"));
            meta.Image ??= ImageOf(Property(article, "image") ?? Property(article, "thumbnailUrl"));
            meta.Description ??= StringOf(Property(article, "description"));
            if (meta.ArticleBody is null && StringOf(Property(article, "articleBody")) is { Length: > 200 } articleBody)
            {
                meta.ArticleBody = TextCleaner.Collapse(WebUtility.HtmlDecode(Tags().Replace(articleBody, " ")));
            }
            meta.Language ??= StringOf(Property(article, "inLanguage"));
            if (Property(article, "mainEntityOfPage") is { } mainEntity)
            {
                meta.Canonical ??= mainEntity.ValueKind == JsonValueKind.String ? mainEntity.GetString() : StringOf(Property(mainEntity, "@id")) ?? StringOf(Property(mainEntity, "url"));
            }

            meta.Canonical ??= isPage ? null : StringOf(Property(article, "url"));
            if (Property(article, "keywords") is { } keywords)
            {
                if (keywords.ValueKind == JsonValueKind.Array)
                {
                    var keywordList = new List<string>();
                    foreach (var keyword in keywords.EnumerateArray())
                    {
                        if (StringOf(keyword) is { } text)
                        {
                            keywordList.Add(text);
                        }
                    }

                    AddTags(meta, keywordList);
                }
                else if (StringOf(keywords) is { } list)
                {
                    AddTags(meta, list.Split(',', ';'));
                }
            }
        }
        catch (JsonException)
        {
            // Broken JSON-LD is common; the other sources still apply.
        }
    }

    private static void Collect(JsonElement element, List<JsonElement> found, int depth)
    {
        if (depth > 6)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, found, depth + 1);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (TypeOf(element).Exists(ArticleTypes.Contains))
            {
                found.Add(element);
            }

            if (Property(element, "@graph") is { } graph)
            {
                Collect(graph, found, depth + 1);
            }
        }
    }

    private static List<string> TypeOf(JsonElement element)
    {
        var type = Property(element, "@type");
        if (type is null)
        {
            return [];
        }

        var types = new List<string>();
        if (type.Value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.Value.EnumerateArray())
            {
                if (StringOf(item) is { } name)
                {
                    types.Add(name);
                }
            }
        }
        else if (StringOf(type) is { } single)
        {
            types.Add(single);
        }

        return types;
    }

    private static bool HasType(JsonElement element, string type) =>
        TypeOf(element).Exists(t => t.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every declared type is <paramref name="type"/> (true when none is declared).</summary>
    private static bool OnlyType(JsonElement element, string type) =>
        TypeOf(element).TrueForAll(t => t.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first item of a JSON array for which <paramref name="read"/> finds a value.</summary>
    private static string? FirstOf(JsonElement array, Func<JsonElement, string?> read)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (read(item) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        return null;
    }

    private static string? StringOf(JsonElement? element)
    {
        if (element is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => Clean(WebUtility.HtmlDecode(value.GetString())) is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array => FirstOf(value, e => StringOf(e)),
            _ => null,
        };
    }

    private static string? NameOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => StringOf(element),
        JsonValueKind.Object => StringOf(Property(element, "name")),
        JsonValueKind.Array => FirstOf(element, NameOf),
        _ => null,
    };

    private static string? Authors(JsonElement? element)
    {
        if (element is not { } value)
        {
            return null;
        }

        var names = new List<string>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Authorish(NameOf(item)) is { } name && !names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }
        else if (Authorish(NameOf(value)) is { } single)
        {
            names.Add(single);
        }

        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? ImageOf(JsonElement? element)
    {
        if (element is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => StringOf(value),
            JsonValueKind.Object => StringOf(Property(value, "url")) ?? StringOf(Property(value, "contentUrl")),
            JsonValueKind.Array => FirstOf(value, e => ImageOf(e)),
            _ => null,
        };
    }

    /// <summary>An author value that names a person or organisation (not a profile URL).</summary>
    public static string? Authorish(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = Clean(value);
        if (value.StartsWith("http", StringComparison.OrdinalIgnoreCase) || value.StartsWith('@') || value.Length > 120)
        {
            return null;
        }

        value = BylinePrefix().Replace(value, "").Trim(' ', ',', '|', '-', '—');
        value = BylineSuffix().Replace(value, "").Trim(' ', ',', '|', '-', '—');

        // A timestamp in the byline slot ("NOVEMBER 20, 2019 10:43") is not a person, nor is a label left without its name
        // ("Posted", "publisher", "Alle Beiträge") or a profile address ("facebook.com/site").
        if (value.Length == 0 || value.Count(char.IsAsciiDigit) >= 4 || NotAName().IsMatch(value) || value.Contains(".com/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value;
    }

    private static void AddTags(PageMetadata meta, IEnumerable<string> tags)
    {
        foreach (var raw in tags)
        {
            var tag = Clean(raw);
            if (tag.Length is > 0 and <= 60 && !meta.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                meta.Tags.Add(tag);
            }
        }
    }

    private static string? First(Dictionary<string, List<string>> metas, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (metas.TryGetValue(key, out var values) && values.Count > 0)
            {
                return values[0];
            }
        }

        return null;
    }

    private static DateTimeOffset? FirstDate(Dictionary<string, List<string>> metas, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (metas.TryGetValue(key, out var values))
            {
                foreach (var value in values)
                {
                    if (DateParser.ParseMachine(value) is { } date)
                    {
                        return date;
                    }
                }
            }
        }

        return null;
    }

    private static string Clean(string? value) => TextCleaner.Collapse(WebUtility.HtmlDecode(value ?? ""));

    /// <summary>Visible text of a small element (bounded, without recursion).</summary>
    public static string TextOf(HtmlNode node, int max = 1000)
    {
        var builder = new System.Text.StringBuilder();
        var stack = new Stack<HtmlNode>();
        stack.Push(node);
        while (stack.Count > 0 && builder.Length < max)
        {
            var current = stack.Pop();
            if (current.NodeType == HtmlNodeType.Text)
            {
                builder.Append(((HtmlTextNode)current).Text).Append(' ');
                continue;
            }

            if (current.NodeType != HtmlNodeType.Element || current.Name is "script" or "style" or "noscript")
            {
                continue;
            }

            if (current.Name == "br")
            {
                builder.Append(" | "); // keeps "Author: X<br>Published …" apart
            }

            var children = current.ChildNodes;
            for (var k = children.Count - 1; k >= 0; k--)
            {
                stack.Push(children[k]);
            }
        }

        return Clean(builder.ToString());
    }

    [GeneratedRegex(@"(?:^|\s|\|)(?:By|BY|Authors?|Written by|Posted by|Автор(?:ы)?|Текст|Авторы материала|Автор материала|Автор|Авторы|Авторлар)\s*:?\s+([\p{Lu}][\p{L}.\-']*(?:\s+[\p{Lu}][\p{L}.\-']*){0,3}(?:\s*(?:,|and|и|және)\s*[\p{Lu}][\p{L}.\-']*(?:\s+[\p{Lu}][\p{L}.\-']*){0,3})?)", RegexOptions.CultureInvariant)]
    private static partial Regex BylineInText();

    [GeneratedRegex(@"(?:^|[\s|(\[=/])([가-힣]{2,4}(?:\s?[·,]\s?[가-힣]{2,4}){0,2})\s?(?:선임|수석|객원|인턴)?\s?기자(?![가-힣])", RegexOptions.CultureInvariant)]
    private static partial Regex KoreanReporter();

    [GeneratedRegex(@"(?:작성자|글쓴이)\s*[:：]?\s*([가-힣]{2,5}|[\p{Lu}][\p{L}.\-']+(?:\s+[\p{Lu}][\p{L}.\-']+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex KoreanWriter();

    [GeneratedRegex(@"(?:©|\(c\)|&copy;|copyright)\s*(?:\d{4}\s*(?:[-–—]\s*\d{4})?)?\s*[,.]?\s*(?<name>\p{L}[^.|,;\n©]{2,70}?)(?=\s*(?:[.|,;©]|\d{4}|all rights|все права|барлық|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Copyright();

    [GeneratedRegex(@"<[^>]{0,500}>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"date|time|publish|posted|dateline|meta|byline|info", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateClass();

    [GeneratedRegex(@"\bauthor|byline|writer|\bby\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorClass();

    [GeneratedRegex(@"(?:site-?header|masthead|logo|navbar|top-?bar|brand)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SiteHeader();

    [GeneratedRegex(@"^(?:(?:analysis|opinion|commentary|review|interview|story|photos?|text) by|by|posted by|written by|(?:veröffentlicht |geschrieben )?von|autor(?:in)?|par|por|di|door|av|przez|автор(?:ы)?|авторы|текст|автор материала|авторы материала|авторы статьи|автор статьи|авторы:|автор:|авторлар|автордың|автор)(?!\p{L})\s*:?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"^(?:posted|published|publisher|author|authors|admin|administrator|by|all posts|all articles|alle beiträge|autor|redaktion|editor|staff|unknown|anonymous|автор|редакция|жарияланды|작성자|기자)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAName();

    // Profile links and the month of a date that followed the name on the same line ("STAFF NOVEMBER 20, 2019").
    [GeneratedRegex(@"\s*(?:view|see|read|more) (?:more |all )?(?:articles|posts|stories)(?: by .*)?$|\s+(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BylineSuffix();
}
