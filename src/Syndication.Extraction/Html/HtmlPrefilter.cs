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

    public static string Apply(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var open = new List<(string Name, bool Dropped)>();
        var kept = 0;
        var elements = 0;
        var cut = html.Length;
        List<(int Start, int End, bool Space)>? drops = null;
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

            // Only elements the parser will build count: tags dropped for depth do not.
            if (kept < MaxDepth && ++elements > MaxElements)
            {
                cut = lt;
                break;
            }

            if (VoidElements.Contains(name) || html[gt - 1] == '/')
            {
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
