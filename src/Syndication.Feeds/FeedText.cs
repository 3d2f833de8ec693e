using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Syndication.Core.Entries;

namespace Syndication.Feeds;

/// <summary>Helpers shared by the formatters: XML-safe text, stable ids, document URLs.</summary>
internal static partial class FeedText
{
    public const string Generator = "Syndication";
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string HistoryNamespace = "http://purl.org/syndication/history/1.0";
    public const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    public const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    public const string DcTermsNamespace = "http://purl.org/dc/terms/";
    public const string MediaNamespace = "http://search.yahoo.com/mrss/";
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    /// <summary>
    /// Removes characters XML 1.0 cannot carry (control characters, lone surrogates). Entries are sanitised
    /// upstream; this is a last line of defence so one odd byte never makes a whole feed unparseable.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var firstBad = FirstInvalid(text);
        if (firstBad < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (IsValidAt(text, i, out var width))
            {
                sb.Append(text, i, width);
                i += width - 1;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The index of the first character XML 1.0 cannot carry, or -1. Feeds write every body about fifteen times (scopes
    /// times formats), so the common run of text below U+D800 is skipped with a vectorised search; only tabs, line
    /// breaks, surrogates and the characters above U+DFFF are looked at one by one.
    /// </summary>
    private static int FirstInvalid(string text)
    {
        var i = 0;
        while (true)
        {
            var next = text.AsSpan(i).IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (!IsValidAt(text, i, out var width))
            {
                return i;
            }

            i += width;
        }
    }

    private static bool IsValidAt(string text, int i, out int width)
    {
        width = 1;
        var ch = text[i];
        if (char.IsHighSurrogate(ch))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        return !char.IsLowSurrogate(ch) && XmlConvert.IsXmlChar(ch);
    }

    /// <summary>
    /// A stable, globally unique id for an entry (<c>urn:uuid:</c>, name-based from the entry id), so it never
    /// changes when the site moves to another host or the article's URL changes.
    /// </summary>
    public static string EntryUrn(string entryId) => EntryUrns.Entry(entryId);

    /// <summary>A stable id for a feed (all documents of one scope share it, as RFC 5005 archives do).</summary>
    public static string FeedUrn(string scopePath) => EntryUrns.Feed(scopePath);

    /// <summary>
    /// The translations of an entry a feed links to: absolute http(s) URLs under a well-formed language tag, one per
    /// language and never the entry's own (Atom allows one alternate link per type and hreflang), in stored order.
    /// </summary>
    public static IReadOnlyList<FeedTranslation> Translations(Entry entry)
    {
        if (entry.Translations.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(entry.Language))
        {
            seen.Add(entry.Language.ToLowerInvariant());
        }

        var links = new List<FeedTranslation>();
        foreach (var translation in entry.Translations)
        {
            var language = translation.Language?.Trim().ToLowerInvariant();
            if (language is null || !LanguageTag().IsMatch(language) || !IsAbsoluteHttp(translation.Url) || !seen.Add(language))
            {
                continue;
            }

            links.Add(new FeedTranslation(language, Url(translation.Url)));
        }

        return links;
    }

    // BCP 47 language with optional subtags (en, kk, pt-br, zh-hant); "x-default" and private use are left out.
    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    /// <summary>A guess of an image's media type from its URL, for enclosures; null when unknown.</summary>
    public static string? ImageType(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".svg" => "image/svg+xml",
            ".avif" => "image/avif",
            _ => null,
        };
    }

    /// <summary>
    /// An absolute URL in its percent-encoded ASCII form (<c>tags/%D1%8D…</c>): RSS validators and JSON Schema's
    /// <c>uri</c> format reject raw non-ASCII IRIs, and every reader decodes the encoded form.
    /// </summary>
    public static string Url(string url) => new Uri(url, UriKind.Absolute).AbsoluteUri;

    public static bool IsAbsoluteHttp(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
