using System.Text.RegularExpressions;

namespace Syndication.Extraction.Html;

/// <summary>Picks the article's own headline and strips site names from page titles.</summary>
internal static partial class TitleChooser
{
    public static string? Choose(PageMetadata meta)
    {
        var site = meta.SiteName ?? meta.LogoText;
        var h1s = meta.H1s.Where(h => h[0] != '\u0001').Concat(meta.H1s.Where(h => h[0] == '\u0001').Select(h => h[1..]))
            .Where(h => !IsSiteName(h, site)).ToList();
        var titleTag = StripSite(meta.TitleTag, site, h1s, guess: true);

        foreach (var candidate in new[] { StripSite(meta.Headline, site, h1s, guess: false), StripSite(meta.OgTitle, site, h1s, guess: false) })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && !IsSiteName(candidate, site) && candidate.Length > 3)
            {
                return candidate;
            }
        }

        // Several h1s: the one that shares most words with the <title>. An h1 sharing little with a title of several
        // words is a site or section name ("Reviews", the logo in another script), and the title itself is better.
        if (h1s.Count > 0)
        {
            if (titleTag is not null)
            {
                var agreeing = h1s.MaxBy(h => Coverage(h, titleTag));
                if (Coverage(agreeing!, titleTag) >= 0.5)
                {
                    return agreeing;
                }

                if (titleTag.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3 && !IsSiteName(titleTag, site))
                {
                    return titleTag;
                }
            }

            return h1s.OrderByDescending(h => h.Length >= 15 ? 1 : 0).First();
        }

        return titleTag is not null && !IsSiteName(titleTag, site) ? titleTag : null;
    }

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

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    private static bool IsSiteName(string candidate, string? site) =>
        site is not null && (string.Equals(candidate.Trim(), site.Trim(), StringComparison.OrdinalIgnoreCase)
            || (candidate.Length <= site.Length + 3 && site.Contains(candidate, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Removes "| Site name" style affixes from a page title.</summary>
    public static string? StripSite(string? title, string? site, IReadOnlyList<string> h1s, bool guess)
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

        // A part that is the headline itself.
        var match = parts.FirstOrDefault(p => !IsSiteName(p, site) && h1s.Any(h => string.Equals(h, p, StringComparison.OrdinalIgnoreCase)));
        if (match is not null)
        {
            return match;
        }

        if (site is not null)
        {
            // "CNNPolitics", "IGN Africa": a section of the site named after it.
            var kept = parts.Where(p => !IsSiteName(p, site) && !site.Contains(p, StringComparison.OrdinalIgnoreCase)
                && !(p.StartsWith(site, StringComparison.OrdinalIgnoreCase) && p.Split(' ').Length <= site.Split(' ').Length + 1)).ToList();
            if (kept.Count > 0 && kept.Count < parts.Count)
            {
                return kept.Count == 1 ? kept[0] : Rejoin(title, kept);
            }
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

    [GeneratedRegex(@"\s+[|–—\-:·•»«/]\s+|\s*\|\s*|\s+::\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
