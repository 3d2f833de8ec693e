using System.Text;

namespace Syndication.Extraction.Html;

/// <summary>
/// HtmlAgilityPack's parse time grows with the square of nesting depth (20,000 nested divs take seconds). Real
/// articles nest a few dozen levels; this linear pre-pass drops the tags of elements nested deeper than a limit
/// (their text stays), and cuts pages with far more elements than any article page, so a hostile or broken upload
/// parses about as fast as a normal one. It also leaves out what no reader sees (comments, scripts other than JSON-LD,
/// styles, inline SVG, noscript, templates) so the parser does not build it only for the extractor to drop it.
/// </summary>
internal static class HtmlPrefilter
{
    public const int MaxDepth = 256;

    /// <summary>
    /// Parse time also grows with the number of elements (about 4 µs each), whatever their depth: a page of 100,000
    /// tiny nested tables takes half a second to parse. Real article pages hold a few thousand elements (at most 1,600
    /// in the 181-page benchmark set); beyond this budget the rest of the page is cut, as if the upload were truncated.
    /// </summary>
    public const int MaxElements = 30_000;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen", "command", "basefont", "frame", "isindex",
    };

    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title", "xmp", "noscript", "template"];

    private static bool IsInvisible(string html, string name, int lt, int gt) => name switch
    {
        "style" or "noscript" or "template" or "svg" => true,
        "script" => html.AsSpan(lt, gt - lt).IndexOf("ld+json", StringComparison.OrdinalIgnoreCase) < 0,
        _ => false,
    };

    /// <summary>Every attribute the extractor reads (metadata, body finding, images, links); the rest are dropped.</summary>
    private static readonly HashSet<string> ReadAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "class", "id", "itemprop", "href", "rel", "content", "datetime", "lang", "xml:lang", "width", "height", "type", "style",
        "src", "srcset", "data-src", "data-lazy-src", "data-original", "data-srcset", "role", "property", "name", "http-equiv",
        "hreflang", "aria-hidden", "alt", "hidden", "charset",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadAttributeLookup = ReadAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Scans a start tag's attributes from <paramref name="i"/> (just after its name) to its closing '&gt;', quotes
    /// respected, collecting the ranges of attributes nothing reads (with the space before them) into
    /// <paramref name="unread"/>. Returns the index of the '&gt;', or -1 when the tag is malformed (an unclosed quote):
    /// then the tag is left as it is.
    /// </summary>
    private static int ScanAttributes(string html, int i, List<(int Start, int End)> unread)
    {
        unread.Clear();
        while (i < html.Length)
        {
            var gap = i;
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length)
            {
                return -1;
            }

            var c = html[i];
            if (c == '>')
            {
                return i;
            }

            if (c == '/')
            {
                i++;
                continue;
            }

            var nameStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '/'))
            {
                i++;
            }

            var attributeName = html.AsSpan(nameStart, i - nameStart);
            var valueEnd = i;
            while (valueEnd < html.Length && char.IsWhiteSpace(html[valueEnd]))
            {
                valueEnd++;
            }

            if (valueEnd < html.Length && html[valueEnd] == '=')
            {
                valueEnd++;
                while (valueEnd < html.Length && char.IsWhiteSpace(html[valueEnd]))
                {
                    valueEnd++;
                }

                if (valueEnd < html.Length && html[valueEnd] is '"' or '\'')
                {
                    var close = html.IndexOf(html[valueEnd], valueEnd + 1);
                    if (close < 0 || close - valueEnd > 65_536)
                    {
                        return -1;
                    }

                    valueEnd = close + 1;
                }
                else
                {
                    while (valueEnd < html.Length && !char.IsWhiteSpace(html[valueEnd]) && html[valueEnd] != '>')
                    {
                        valueEnd++;
                    }
                }

                i = valueEnd;
            }

            if (attributeName.Length > 0 && !ReadAttributeLookup.Contains(attributeName))
            {
                unread.Add((gap, i));
            }
        }

        return -1;
    }

    private static void Commit(List<(int Start, int End)> unread, ref List<(int Start, int End, bool Space)>? drops)
    {
        foreach (var (start, end) in unread)
        {
            (drops ??= []).Add((start, end, false));
        }

        unread.Clear();
    }

    public static string Apply(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var open = new List<(string Name, bool Dropped)>();
        var kept = 0;
        var elements = 0;
        var cut = html.Length;
        List<(int Start, int End, bool Space)>? drops = null;
        var unread = new List<(int Start, int End)>();
        var i = 0;
        while (true)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                (drops ??= []).Add((lt, i, false)); // React splits text with empty comments: "doctor<!-- -->assumed"
                continue;
            }

            var closing = html[lt + 1] == '/';
            var nameStart = lt + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1;
                continue;
            }

            var gt = html.IndexOf('>', nameEnd);
            if (gt < 0)
            {
                break;
            }

            var name = html[nameStart..nameEnd].ToLowerInvariant();
            i = gt + 1;
            if (closing)
            {
                // Pop to the nearest open element of that name (bounded search, as browsers do for misnested tags).
                for (var k = open.Count - 1; k >= Math.Max(0, open.Count - 64); k--)
                {
                    if (open[k].Name != name)
                    {
                        continue;
                    }

                    var dropped = open[k].Dropped;
                    for (var j = open.Count - 1; j >= k; j--)
                    {
                        if (!open[j].Dropped)
                        {
                            kept--;
                        }

                        open.RemoveAt(j);
                    }

                    if (dropped)
                    {
                        (drops ??= []).Add((lt, gt + 1, true));
                    }

                    break;
                }

                continue;
            }

            // Attributes nothing reads (data-*, aria-*, event handlers, sizes, …) are a good part of what the parser
            // allocates; they go, and the scan also finds the tag's real end when a quoted value holds a '>'.
            var attributes = ScanAttributes(html, nameEnd, unread);
            if (attributes >= 0)
            {
                gt = attributes;
                i = gt + 1;
            }
            else
            {
                unread.Clear();
            }

            // Only elements the parser will build count: tags dropped for depth do not.
            if (kept < MaxDepth && ++elements > MaxElements)
            {
                cut = lt;
                break;
            }

            if (VoidElements.Contains(name) || html[gt - 1] == '/')
            {
                Commit(unread, ref drops);
                continue;
            }

            if (IsInvisible(html, name, lt, gt))
            {
                // Scripts, styles and inline SVG are most of a modern page's bytes and none of what a reader sees;
                // parsing them is most of the parse time. JSON-LD scripts stay: they carry the metadata.
                var close = html.IndexOf("</" + name, gt + 1, StringComparison.OrdinalIgnoreCase);
                close = close < 0 ? html.Length : html.IndexOf('>', close) is var end and >= 0 ? end + 1 : html.Length;
                (drops ??= []).Add((lt, close, false));
                i = close;
                continue;
            }

            if (Array.IndexOf(RawTextElements, name) >= 0)
            {
                var end = html.IndexOf("</" + name, gt + 1, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
                open.Add((name, false));
                kept++;
                Commit(unread, ref drops);
                continue;
            }

            var drop = kept >= MaxDepth;
            open.Add((name, drop));
            if (drop)
            {
                (drops ??= []).Add((lt, gt + 1, true));
            }
            else
            {
                kept++;
                Commit(unread, ref drops);
            }
        }

        if (drops is null)
        {
            return cut == html.Length ? html : html[..cut];
        }

        var builder = new StringBuilder(cut);
        var position = 0;
        foreach (var (start, end, space) in drops)
        {
            builder.Append(html, position, start - position);
            if (space)
            {
                builder.Append(' ');
            }

            position = end;
        }

        builder.Append(html, position, cut - position);
        return builder.ToString();
    }
}
