using System.Text.RegularExpressions;

namespace Syndication.Extraction.Html;

/// <summary>
/// The names a page gives its site (og:site_name, publisher, the logo, the copyright line) and its host, to tell a site or
/// section name from a headline: "TheHill" on thehill.com, "CNNPolitics" beside "CNN", "Wikipedia" on en.wikipedia.org.
/// </summary>
internal sealed partial class SiteNames(IReadOnlyList<string> names, string? host)
{
    private readonly string[] _hostLabels = host is null ? [] : host.ToLowerInvariant().Split('.')
        .Where(l => l.Length >= 3 && l is not ("www" or "com" or "org" or "net" or "news" or "blog" or "blogs")).ToArray();

    /// <summary>Whether <paramref name="candidate"/> is one of the site's names (or the site's name with a section word).</summary>
    public bool Names(string candidate)
    {
        candidate = candidate.Trim();
        if (candidate.Length == 0)
        {
            return false;
        }

        foreach (var site in names)
        {
            var name = site.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)
                || (candidate.Length <= name.Length + 3 && name.Contains(candidate, StringComparison.OrdinalIgnoreCase))
                || (candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase) && Words(candidate) <= Words(name) + 1))
            {
                return true;
            }
        }

        // "TheHill", "The Hill", "BBC News" on thehill.com / bbc.co.uk: the part written without spaces is the host's name.
        if (_hostLabels.Length > 0 && Words(candidate) <= 3)
        {
            var squashed = NotLetterOrDigit().Replace(candidate.ToLowerInvariant(), "");
            foreach (var label in _hostLabels)
            {
                var bare = label.Replace("-", "", StringComparison.Ordinal);
                if (squashed == bare || (squashed.StartsWith(bare, StringComparison.Ordinal) && bare.Length >= 3 && Words(candidate) <= 2))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotLetterOrDigit();
}
