using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Syndication.Feeds;

/// <summary>Helpers shared by the formatters: XML-safe text, stable ids, document URLs.</summary>
internal static class FeedText
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

        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsValidAt(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

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
    public static string EntryUrn(string entryId) => NameBasedUrn("entry:" + entryId);

    /// <summary>A stable id for a feed (all documents of one scope share it, as RFC 5005 archives do).</summary>
    public static string FeedUrn(string scopePath) => NameBasedUrn("feed:" + scopePath);

    private static string NameBasedUrn(string name)
    {
        // RFC 9562 version 8 (custom) layout over SHA-256 of the name: deterministic and well-formed.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("syndication:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

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
