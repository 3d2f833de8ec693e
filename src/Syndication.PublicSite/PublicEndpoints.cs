using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Storage;
using Syndication.Core.WebSub;

namespace Syndication.PublicSite;

/// <summary>
/// Serves <c>feeds/</c> at the same paths as Blob storage would (<c>/feeds/rss.xml</c>) with content types, ETag,
/// Last-Modified and 304s, and a plain page per article for entries that have no canonical URL. One implementation
/// for Kestrel (<see cref="MapPublicSite"/>) and the Function App (the <c>Serve…Async</c> methods).
/// </summary>
public static class PublicEndpoints
{
    /// <summary>
    /// Article pages share the host's origin with the operator page (locally) and the operator API (in Azure): the
    /// sandbox gives them an opaque origin of their own, so nothing in a body can script or read those pages,
    /// whatever slipped past the sanitiser.
    /// </summary>
    public const string ArticleContentSecurityPolicy =
        "sandbox; default-src 'none'; img-src 'self' https: http: data:; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapPublicSite(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/feeds/{**path}", ["GET", "HEAD"], (HttpContext context, string? path) => ServeFeedAsync(context, path));
        app.MapGet("/articles/{id}", (HttpContext context, string id) => ServeArticleAsync(context, id));
        return app;
    }

    /// <summary>Writes the feed document <c>feeds/{path}</c> (or <c>index.opml</c> for a folder) to the response.</summary>
    public static async Task ServeFeedAsync(HttpContext context, string? path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(path) || path.EndsWith('/'))
        {
            path = (path ?? "") + "index.opml";
        }

        BlobRecord? blob;
        try
        {
            blob = await context.RequestServices.GetRequiredService<IBlobStore>().GetAsync(Containers.Feeds, path, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            blob = null; // a name the store refuses (e.g. "..") is simply not there
        }

        if (blob is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var properties = blob.Properties;
        var etag = properties.ETag.StartsWith('"') ? properties.ETag : $"\"{properties.ETag}\"";
        var lastModified = TruncateToSeconds(properties.LastModified);
        var headers = context.Response.GetTypedHeaders();
        context.Response.Headers.ETag = etag;
        headers.LastModified = lastModified;
        context.Response.Headers.CacheControl = properties.CacheControl ?? "public, max-age=60";
        context.Response.Headers.Vary = "Accept-Encoding";
        // Browser feed readers fetch cross-origin, as the public blob container allows through its CORS rule.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.Headers.AccessControlExposeHeaders = "ETag, Last-Modified, Link";
        var feeds = context.RequestServices.GetRequiredService<IOptions<FeedsOptions>>().Value;
        if (HubTopics.IsHeadDocument(path) && feeds.AdvertisedHubUrl is { } hub)
        {
            // WebSub discovery (§4) for clients that read headers rather than the document.
            context.Response.Headers.Link = $"<{hub.AbsoluteUri}>; rel=\"hub\", <{HubTopics.TopicUrl(path, feeds)}>; rel=\"self\"";
        }

        if (NotModified(context.Request, etag, lastModified))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = properties.ContentType ?? "application/octet-stream";
        context.Response.ContentLength = blob.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(blob.Content, context.RequestAborted);
        }
    }

    /// <summary>Writes the page of entry <paramref name="id"/>, or 404.</summary>
    public static async Task ServeArticleAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        Entry? entry;
        try
        {
            entry = await services.GetRequiredService<EntryRepository>().GetAsync(id, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            entry = null;
        }

        if (entry is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var feeds = services.GetRequiredService<IOptions<FeedsOptions>>().Value;
        var page = ArticlePage(ArticleLinks.ForCurrentBase(entry, feeds), feeds);
        context.Response.Headers.ContentSecurityPolicy = ArticleContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page, context.RequestAborted);
    }

    /// <summary>Entry HTML was sanitised at ingest; everything else is encoded here.</summary>
    private static string ArticlePage(Entry entry, FeedsOptions feeds) => $"""
        <!doctype html>
        <html lang="{WebUtility.HtmlEncode(entry.Language ?? "en")}"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(entry.Title)} — {WebUtility.HtmlEncode(feeds.Title)}</title>
        <link rel="alternate" type="application/atom+xml" href="{WebUtility.HtmlEncode(feeds.Base)}/feeds/atom.xml">
        {TranslationLinks(entry)}
        <style>body{"{"}max-width:42rem;margin:2rem auto;font:17px/1.55 system-ui,sans-serif;padding:0 1rem{"}"} img{"{"}max-width:100%{"}"}</style>
        </head><body><article>
        <h1>{WebUtility.HtmlEncode(entry.Title)}</h1>
        <p><time datetime="{entry.Published.ToString("O", CultureInfo.InvariantCulture)}">{entry.Published.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}</time>{(entry.Author is null ? "" : " · " + WebUtility.HtmlEncode(entry.Author))}</p>
        {TranslationList(entry)}
        {entry.Html}
        </article></body></html>
        """;

    /// <summary>The translations a page can link: absolute http(s), one per language, never its own language.</summary>
    private static List<EntryTranslation> Translations(Entry entry) =>
        [.. entry.Translations
            .Where(t => !string.IsNullOrWhiteSpace(t.Language) && OutboundUrl.IsAllowed(t.Url) && !string.Equals(t.Language, entry.Language, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(t => t.Language.ToLowerInvariant())];

    private static string TranslationLinks(Entry entry) => string.Join("\n", Translations(entry).Select(t =>
        $"<link rel=\"alternate\" hreflang=\"{WebUtility.HtmlEncode(t.Language)}\" href=\"{WebUtility.HtmlEncode(t.Url.Trim())}\">"));

    private static string TranslationList(Entry entry)
    {
        var translations = Translations(entry);
        if (translations.Count == 0)
        {
            return "";
        }

        var items = translations.Select(t =>
            $"<li><a href=\"{WebUtility.HtmlEncode(t.Url.Trim())}\" hreflang=\"{WebUtility.HtmlEncode(t.Language)}\" lang=\"{WebUtility.HtmlEncode(t.Language)}\">{WebUtility.HtmlEncode(LanguageName(t.Language))}</a></li>");
        return $"<nav aria-label=\"Translations\"><p>Also in:</p><ul class=\"translations\">{string.Concat(items)}</ul></nav>";
    }

    /// <summary>A language's own name (Қазақ тілі, русский, English), or its tag when the runtime does not know it.</summary>
    private static string LanguageName(string language)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(language);
            var name = culture.NativeName;
            return string.IsNullOrEmpty(name) || name.StartsWith("Unknown", StringComparison.Ordinal) ? language : culture.TextInfo.ToUpper(name[0]) + name[1..];
        }
        catch (CultureNotFoundException)
        {
            return language;
        }
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        var typed = request.GetTypedHeaders();
        if (typed.IfNoneMatch.Count > 0)
        {
            // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
            return typed.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag, StringComparison.Ordinal));
        }

        return typed.IfModifiedSince is { } since && lastModified <= since;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
}
