using Syndication.Core.Articles;
using Syndication.Core.Stories;

namespace Syndication.Extraction.Html;

/// <summary>
/// The translations a page names: <c>&lt;link rel="alternate" hreflang&gt;</c> first, then its language switcher
/// (<see cref="PageMetadata.SwitcherLinks"/>). Each is an absolute http(s) URL with a lower-case primary language
/// tag; <c>x-default</c>, the page itself (its canonical URL), other links in the page's own language (regional
/// variants of it) and switcher links to a bare home page (<c>/</c>, <c>/ru/</c>: what a switcher shows when the
/// story has no translation) are left out. One link per language, the first.
/// </summary>
internal static class AlternateLinks
{
    public static IReadOnlyList<ArticleAlternate> Collect(PageMetadata meta, Func<string?, string?> resolve, string? canonical, string? language)
    {
        var self = StoryUrl.Normalise(canonical);
        var found = new List<ArticleAlternate>();
        void Add(string lang, string href, bool switcher)
        {
            if (lang.Trim().Equals("x-default", StringComparison.OrdinalIgnoreCase)
                || HtmlArticleReader.PrimaryTag(lang) is not { } primary
                || primary == language
                || resolve(href) is not { } url
                || StoryUrl.Normalise(url) is not { } normal
                || normal == self
                || (switcher && IsHomePage(url))
                || found.Any(a => a.Language == primary || StoryUrl.Normalise(a.Url) == normal))
            {
                return;
            }

            found.Add(new ArticleAlternate(primary, url));
        }

        foreach (var (lang, href) in meta.Alternates)
        {
            Add(lang, href, switcher: false);
        }

        foreach (var (lang, href) in meta.SwitcherLinks)
        {
            Add(lang, href, switcher: true);
        }

        return found;
    }

    /// <summary><c>/</c>, <c>/ru</c>, <c>/en-gb/</c>: a site's or an edition's front page, not a story.</summary>
    private static bool IsHomePage(string url)
    {
        var path = new Uri(url).AbsolutePath.Trim('/');
        return path.Length == 0 || (!path.Contains('/', StringComparison.Ordinal) && HtmlArticleReader.PrimaryTag(path) is not null && path.Length <= 6);
    }
}
