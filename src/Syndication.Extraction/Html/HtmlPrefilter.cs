using System.Buffers;

namespace Syndication.Extraction.Html;

/// <summary>
/// HtmlAgilityPack's parse time grows with the square of nesting depth (20,000 nested divs take seconds). Real
/// articles nest a few dozen levels; this linear pre-pass drops the tags of elements nested deeper than a limit
/// (their text stays), and cuts pages with far more elements than any article page, so a hostile or broken upload
/// parses about as fast as a normal one. It also leaves out what no reader sees (comments, scripts other than JSON-LD,
/// styles, inline SVG, noscript, templates) so the parser does not build it only for the extractor to drop it, and
/// navigation menus (<c>nav</c>, a fifth of a news page's elements): the extractor drops them from every page, and what
/// metadata readers would find in them (other stories' dates, breadcrumb names) is not the article's.
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

    /// <summary>
    /// Elements whose boundaries end a line of text: whitespace-only text right beside one of their tags is never
    /// rendered (CSS collapses it away), and the parser would otherwise build a text node for every such indentation run
    /// (a third of a saved page's nodes). Only rendered block boxes: <c>script</c>, <c>meta</c> and <c>link</c> may sit
    /// between two words of inline text, so the whitespace around them stays.
    /// </summary>
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup",
        "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "colgroup", "col",
    };

    /// <summary>Elements whose whitespace is content.</summary>
    private static readonly HashSet<string> PreformattedElements = new(StringComparer.Ordinal) { "pre", "textarea", "listing", "plaintext", "xmp" };

    /// <summary>Tag names the prefilter knows (the rest are lower-cased one by one), so most tags cost no string.</summary>
    private static readonly HashSet<string> KnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details",
        "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd",
        "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter", "nav", "noscript", "object", "ol",
        "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "s", "samp", "script", "section",
        "select", "small", "source", "span", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr",
    };

    /// <summary>The parser's (lower-case) name of a tag and what kind of element it is, in one lookup.</summary>
    private static string NameOf(ReadOnlySpan<char> name, out TagKind kind)
    {
        if (KindLookup.TryGetValue(name, out var known, out kind))
        {
            return known;
        }

        kind = TagKind.None;
        return name.ToString().ToLowerInvariant();
    }

    // HTML's own whitespace: a no-break space (U+00A0) is text.
    private static readonly SearchValues<char> HtmlWhitespace = SearchValues.Create(" \t\n\r\f");

    private static bool IsWhitespace(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(HtmlWhitespace);

    private static string ClosingTag(string name) => name switch
    {
        "script" => "</script",
        "style" => "</style",
        "noscript" => "</noscript",
        "template" => "</template",
        "svg" => "</svg",
        "textarea" => "</textarea",
        "title" => "</title",
        "xmp" => "</xmp",
        _ => "</" + name,
    };

    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title", "xmp", "noscript", "template"];

    [Flags]
    private enum TagKind : byte
    {
        None = 0,
        Void = 1,
        Block = 2,
        RawText = 4,
        Preformatted = 8,
    }

    // Every name in the sets above with its kinds: each tag costs one lookup, not one per set.
    private static readonly Dictionary<string, TagKind> Kinds = BuildKinds();

    private static readonly Dictionary<string, TagKind>.AlternateLookup<ReadOnlySpan<char>> KindLookup = Kinds.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, TagKind> BuildKinds()
    {
        var kinds = new Dictionary<string, TagKind>(StringComparer.OrdinalIgnoreCase);
        void Add(IEnumerable<string> names, TagKind kind)
        {
            foreach (var name in names)
            {
                kinds[name] = kinds.GetValueOrDefault(name) | kind;
            }
        }

        Add(KnownNames, TagKind.None);
        Add(VoidElements, TagKind.Void);
        Add(BlockElements, TagKind.Block);
        Add(RawTextElements, TagKind.RawText);
        Add(PreformattedElements, TagKind.Preformatted);
        return kinds;
    }

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
        var open = new List<(string Name, TagKind Kind, bool Dropped)>();
        var kept = 0;
        var elements = 0;
        var cut = html.Length;
        List<(int Start, int End, bool Space)>? drops = null;
        var unread = new List<(int Start, int End)>();

        // Whitespace beside block boundaries: where the text since the last tag the parser keeps began, whether that tag
        // is a block boundary, whether everything since it is whitespace (comments and scripts cut in between count as
        // nothing), and where the current stretch of text began (after the last cut comment or script).
        var textStart = 0;
        var afterBlock = true;
        var blankSinceTag = true;
        var preformatted = 0;
        var inHead = false;

        // The outermost open <nav>: where its start tag began, its place in the open list, and how many drops came before it.
        var menuStart = -1;
        var menuIndex = -1;
        var menuDrops = 0;
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
                // React splits text with empty comments: "doctor<!-- -->assumed".
                Cut(html, lt, i, ref textStart, afterBlock, ref blankSinceTag, preformatted, inHead, ref drops);
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

            var name = NameOf(html.AsSpan(nameStart, nameEnd - nameStart), out var kind);
            var block = (kind & TagKind.Block) != 0;
            int gt;
            if (closing)
            {
                gt = html.IndexOf('>', nameEnd);
                if (gt < 0)
                {
                    break;
                }

                i = gt + 1;
                // Pop to the nearest open element of that name (bounded search, as browsers do for misnested tags).
                for (var k = open.Count - 1; k >= Math.Max(0, open.Count - 64); k--)
                {
                    if (open[k].Name != name)
                    {
                        continue;
                    }

                    var dropped = open[k].Dropped;
                    if (!dropped)
                    {
                        DropBlank(html, lt, block, ref textStart, afterBlock, blankSinceTag, preformatted, inHead, ref drops);
                    }

                    // The outermost menu ends here (or is closed by an outer element, then it stays as it is).
                    var closesMenu = menuStart >= 0 && k <= menuIndex;
                    if (closesMenu && k == menuIndex)
                    {
                        drops!.RemoveRange(menuDrops, drops.Count - menuDrops);
                        drops.Add((menuStart, gt + 1, false));
                    }

                    if (closesMenu)
                    {
                        menuStart = -1;
                    }

                    for (var j = open.Count - 1; j >= k; j--)
                    {
                        if (!open[j].Dropped)
                        {
                            kept--;
                            if ((open[j].Kind & TagKind.Preformatted) != 0)
                            {
                                preformatted--;
                            }
                        }

                        open.RemoveAt(j);
                    }

                    if (dropped)
                    {
                        (drops ??= []).Add((lt, gt + 1, true));
                        textStart = -1;
                    }
                    else
                    {
                        Tag(gt + 1, block, ref textStart, ref afterBlock, ref blankSinceTag);
                        inHead &= name != "head";
                    }

                    break;
                }

                continue;
            }

            // Attributes nothing reads (data-*, aria-*, event handlers, sizes, …) are a good part of what the parser
            // allocates; they go, and the scan also finds the tag's real end when a quoted value holds a '>'.
            gt = ScanAttributes(html, nameEnd, unread);
            if (gt < 0)
            {
                // A malformed tag (an unclosed quote) is left as it is, up to the first '>'.
                unread.Clear();
                gt = html.IndexOf('>', nameEnd);
                if (gt < 0)
                {
                    break;
                }
            }

            i = gt + 1;

            // Only elements the parser will build count: tags dropped for depth do not.
            if (kept < MaxDepth && ++elements > MaxElements)
            {
                cut = lt;
                break;
            }

            if (IsInvisible(html, name, lt, gt))
            {
                // Scripts, styles and inline SVG are most of a modern page's bytes and none of what a reader sees;
                // parsing them is most of the parse time. JSON-LD scripts stay: they carry the metadata.
                // Only foreign SVG closes itself ("<svg/>"); a "<script/>" runs to its end tag, as in a browser.
                int close;
                if (name == "svg" && html[gt - 1] == '/')
                {
                    close = gt + 1;
                }
                else
                {
                    var closeTag = html.AsSpan(gt + 1).IndexOf(ClosingTag(name), StringComparison.OrdinalIgnoreCase);
                    close = closeTag < 0 ? html.Length : html.IndexOf('>', gt + 1 + closeTag) is var end and >= 0 ? end + 1 : html.Length;
                }

                Cut(html, lt, close, ref textStart, afterBlock, ref blankSinceTag, preformatted, inHead, ref drops);
                i = close;
                continue;
            }

            var isVoid = (kind & TagKind.Void) != 0 || html[gt - 1] == '/';
            var rawText = !isVoid && (kind & TagKind.RawText) != 0;
            if (kept >= MaxDepth && !isVoid && !rawText)
            {
                // Nested too deep: the tag goes (its text stays), with a space so words on either side stay apart.
                open.Add((name, kind, true));
                (drops ??= []).Add((lt, gt + 1, true));
                textStart = -1;
                continue;
            }

            DropBlank(html, lt, block, ref textStart, afterBlock, blankSinceTag, preformatted, inHead, ref drops);
            if (name == "nav" && menuStart < 0)
            {
                // Everything up to its end tag goes (what was dropped inside it is replaced by one drop then).
                menuStart = lt;
                menuIndex = open.Count;
                menuDrops = (drops ??= []).Count;
            }

            Commit(unread, ref drops);
            Tag(gt + 1, block, ref textStart, ref afterBlock, ref blankSinceTag);
            // Anything but head content (an image, a div) ends an unclosed head, as in a browser.
            inHead = name == "head" || (inHead && name is "meta" or "link" or "title" or "base" or "script");
            if (isVoid)
            {
                continue;
            }

            open.Add((name, kind, false));
            kept++;
            if ((kind & TagKind.Preformatted) != 0)
            {
                preformatted++;
            }

            if (rawText)
            {
                var end = html.AsSpan(gt + 1).IndexOf(ClosingTag(name), StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : gt + 1 + end;
            }
        }

        return drops is null ? cut == html.Length ? html : html[..cut] : Remove(html, cut, drops);
    }

    /// <summary>A tag the parser keeps ends at <paramref name="end"/>: the text after it starts there.</summary>
    private static void Tag(int end, bool block, ref int textStart, ref bool afterBlock, ref bool blankSinceTag)
    {
        textStart = end;
        afterBlock = block;
        blankSinceTag = true;
    }

    /// <summary>
    /// Cuts a comment, script or other invisible element [<paramref name="start"/>, <paramref name="end"/>). The
    /// whitespace before it goes with it when a block boundary precedes that whitespace; the text after it is a new
    /// stretch, still beside that boundary if everything before was blank.
    /// </summary>
    private static void Cut(string html, int start, int end, ref int textStart, bool afterBlock, ref bool blankSinceTag, int preformatted, bool inHead, ref List<(int Start, int End, bool Space)>? drops)
    {
        var blank = textStart >= 0 && IsWhitespace(html.AsSpan(textStart, start - textStart));
        var from = blank && blankSinceTag && (afterBlock || inHead) && preformatted == 0 ? textStart : start;
        (drops ??= []).Add((from, end, false));
        blankSinceTag &= blank;
        textStart = textStart >= 0 ? end : -1;
    }

    /// <summary>Drops the whitespace-only text just before a kept tag at <paramref name="lt"/> when it is never rendered.</summary>
    private static void DropBlank(string html, int lt, bool block, ref int textStart, bool afterBlock, bool blankSinceTag, int preformatted, bool inHead, ref List<(int Start, int End, bool Space)>? drops)
    {
        if (textStart < 0 || textStart >= lt || preformatted > 0 || !(block || inHead || (afterBlock && blankSinceTag)))
        {
            return;
        }

        if (IsWhitespace(html.AsSpan(textStart, lt - textStart)))
        {
            (drops ??= []).Add((textStart, lt, false));
        }
    }

    /// <summary>The page up to <paramref name="cut"/> without the dropped ranges (a space for each that asks for one).</summary>
    private static string Remove(string html, int cut, List<(int Start, int End, bool Space)> drops)
    {
        var length = cut;
        foreach (var (start, end, space) in drops)
        {
            length -= Math.Min(end, cut) - Math.Min(start, cut) - (space && start < cut ? 1 : 0);
        }

        return string.Create(length, (html, cut, drops), static (output, state) =>
        {
            var (html, cut, drops) = state;
            var position = 0;
            var written = 0;
            foreach (var (start, end, space) in drops)
            {
                if (start >= cut)
                {
                    break;
                }

                html.AsSpan(position, start - position).CopyTo(output[written..]);
                written += start - position;
                if (space)
                {
                    output[written++] = ' ';
                }

                position = Math.Min(end, cut);
            }

            html.AsSpan(position, cut - position).CopyTo(output[written..]);
        });
    }
}
