using System.Text.RegularExpressions;

namespace Syndication.Extraction.Html;

/// <summary>
/// Picks the article's own headline, in order of trust: JSON-LD / microdata <c>headline</c>, <c>og:title</c>, the h1 that
/// heads the body, then <c>&lt;title&gt;</c> with the site's name cut off. Never the site's name or a section's name, and
/// never text invented from the body: a page with a <c>&lt;title&gt;</c> keeps it when nothing better agrees.
/// </summary>
internal static partial class TitleChooser
{
    public static string? Choose(PageMetadata meta)
    {
        var site = new SiteNames(meta.SiteNames, HostOf(meta.Canonical));
        var h1s = meta.H1s.Where(h => h[0] != '\u0001').Concat(meta.H1s.Where(h => h[0] == '\u0001').Select(h => h[1..]))
            .Where(h => !site.Names(h)).ToList();
        var titleTag = StripSite(meta.TitleTag, site, h1s, guess: true);
        // An og:title that repeats the <title> carries the same "| Site" suffix.
        var ogTitle = StripSite(meta.OgTitle, site, h1s, guess: meta.OgTitle == meta.TitleTag);
        var headline = StripSite(meta.Headline, site, h1s, guess: false);

        // A structured-data headline that shares little with every other title the page shows is a description or a
        // blog's name ("Wikimedia list article"), not this article's headline.
        var others = new[] { ogTitle, titleTag }.Concat(h1s).Where(o => o is not null).Select(o => o!).ToList();
        if (Usable(headline, site) && (others.Count == 0 || others.Exists(o => Coverage(o, headline!) >= 0.5)))
        {
            return headline;
        }

        if (Usable(ogTitle, site))
        {
            return ogTitle;
        }

        if (h1s.Count > 0)
        {
            if (titleTag is null || site.Names(titleTag))
            {
                return h1s.OrderByDescending(LooksLikeHeadline).First();
            }

            // Several h1s: the one that shares most words with the <title>.
            var agreeing = h1s.MaxBy(h => Coverage(h, titleTag))!;
            if (Coverage(agreeing, titleTag) >= 0.5)
            {
                return agreeing;
            }

            // An h1 sharing little with the <title> is a site, section or body heading ("Reviews", "Lorem", the logo in
            // another script), and the title is better; unless the title is a word or two and the h1 reads like a headline.
            return WordCount(titleTag) <= 2 && h1s.FirstOrDefault(LooksLikeHeadline) is { } heading ? heading : titleTag;
        }

        return titleTag is not null && !site.Names(titleTag) ? titleTag
            : Usable(headline, site) ? headline
            : null;
    }

    /// <summary>
    /// The page's own title when <see cref="Choose"/> found no headline: the <c>&lt;title&gt;</c> as written, then
    /// og:title, then the first h1, even when they look like the site's name; null only when the page has none of them.
    /// </summary>
    public static string? Fallback(PageMetadata meta) =>
        new[] { meta.TitleTag, meta.OgTitle, meta.Headline }.Concat(meta.H1s.Select(h => h.TrimStart('\u0001')))
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();

    /// <summary>Share of <paramref name="reference"/>'s words (case-insensitive) that <paramref name="candidate"/> also has.</summary>
    public static double Coverage(string candidate, string reference)
    {
        var words = Words().Matches(reference).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        if (words.Count == 0)
        {
            return 0;
        }

        var have = Words().Matches(candidate).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        return (double)words.Count(have.Contains) / words.Count;
    }

    private static bool Usable(string? candidate, SiteNames site) =>
        !string.IsNullOrWhiteSpace(candidate) && candidate.Length > 3 && !site.Names(candidate);

    private static bool LooksLikeHeadline(string h1) => h1.Length >= 15 && WordCount(h1) >= 3;

    private static int WordCount(string text) => Words().Count(text);

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    private static string? HostOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Host : null;

    /// <summary>Removes "| Site name" style affixes from a page title.</summary>
    public static string? StripSite(string? title, SiteNames site, IReadOnlyList<string> h1s, bool guess)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var parts = Separator().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count <= 1)
        {
            return title.Trim();
        }

        // Outer parts that name the site ("Headline | TheHill", "CNNPolitics", "Wikipedia" on wikipedia.org) go first.
        var kept = new List<string>(parts);
        while (kept.Count > 1 && (site.Names(kept[^1]) || site.Names(kept[0])))
        {
            kept.RemoveAt(site.Names(kept[^1]) ? kept.Count - 1 : 0);
        }

        // A part that is the headline itself, unless it is a short outer part beside a longer one (a site or section
        // name that is also the text of a logo or section h1).
        var longest = kept.Max(p => p.Length);
        var match = kept.FirstOrDefault(p => p.Length * 2 >= longest && h1s.Any(h => string.Equals(h, p, StringComparison.OrdinalIgnoreCase)));
        if (match is not null)
        {
            return match;
        }

        if (kept.Count < parts.Count)
        {
            return kept.Count == 1 ? kept[0] : Rejoin(title, kept);
        }

        if (!guess)
        {
            return title.Trim();
        }

        // No site name known: the site is the shorter outer part ("Headline | Site", "Site: Headline").
        var first = parts[0];
        var last = parts[^1];
        if (last.Length < first.Length && last.Split(' ').Length <= 5)
        {
            return Rejoin(title, parts[..^1]);
        }

        if (first.Length < last.Length && first.Split(' ').Length <= 3 && parts.Count == 2)
        {
            return last;
        }

        return title.Trim();
    }

    private static string Rejoin(string title, List<string> parts)
    {
        // Keep the original separators between the kept parts by cutting the title at the end of the last kept part.
        var end = title.IndexOf(parts[^1], StringComparison.Ordinal);
        var start = title.IndexOf(parts[0], StringComparison.Ordinal);
        return start >= 0 && end >= start ? title[start..(end + parts[^1].Length)].Trim() : string.Join(" - ", parts);
    }

    [GeneratedRegex(@"\s+[|–—\-:·•»«›‹/]\s+|\s*\|\s*|\s+::\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
