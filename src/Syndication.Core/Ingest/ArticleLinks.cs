using Syndication.Core.Entries;

namespace Syndication.Core.Ingest;

/// <summary>
/// Where an entry links to. A canonical URL on another host is the article's real home; a relative canonical URL
/// is resolved against <c>Feeds:SiteUrl</c> when set, and otherwise the entry links to its own page on this host
/// (<c>/articles/{id}</c>): a path is never guessed on the feed host, where nothing but our own pages is served.
/// </summary>
public static class ArticleLinks
{
    /// <summary>Base the extractor resolves relative links (canonical URL included) against.</summary>
    public static Uri ExtractionBase(string entryId, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SiteUrl ?? ArticlePage(entryId, options);
    }

    /// <summary>Our own page of an article (under <c>Feeds:ArticleBaseUrl</c>, by default the feed base).</summary>
    public static Uri ArticlePage(string entryId, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Uri($"{options.ArticleBase}/articles/{entryId}");
    }

    /// <summary>The entry's link: its canonical URL unless that landed on the feed host, else its page here.</summary>
    public static string EntryUrl(string entryId, string? canonicalUrl, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (canonicalUrl is null || !Uri.TryCreate(canonicalUrl, UriKind.Absolute, out var canonical))
        {
            return ArticlePage(entryId, options).ToString();
        }

        var onFeedHost = options.SiteUrl is null && (OnHost(canonical, options.BaseUrl) || (options.ArticleBaseUrl is { } pages && OnHost(canonical, pages)));
        return onFeedHost ? ArticlePage(entryId, options).ToString() : canonical.ToString();
    }

    private static bool OnHost(Uri url, Uri host) =>
        string.Equals(url.Authority, host.Authority, StringComparison.OrdinalIgnoreCase) && url.Scheme == host.Scheme;

    /// <summary>
    /// Whether <paramref name="url"/> is an entry's own page (<c>…/articles/{id}</c>) on whatever base it was
    /// written for, so feeds can point it at the current base.
    /// </summary>
    public static bool IsArticlePage(string url, string entryId) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/')), "/articles/" + entryId, StringComparison.Ordinal);

    /// <summary>
    /// An entry as feeds and article pages show it: its link and the links of its translations that are our own
    /// article pages point at the current <c>Feeds:ArticleBaseUrl</c>, whatever base they were stored under.
    /// </summary>
    public static Entry ForCurrentBase(Entry entry, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        var url = IsArticlePage(entry.Url, entry.Id) ? ArticlePage(entry.Id, options).ToString() : entry.Url;
        if (entry.Translations.Count == 0)
        {
            return url == entry.Url ? entry : entry with { Url = url };
        }

        return entry with
        {
            Url = url,
            Translations = [.. entry.Translations.Select(t => t.EntryId is { } id && IsArticlePage(t.Url, id) ? t with { Url = ArticlePage(id, options).ToString() } : t)],
        };
    }
}
