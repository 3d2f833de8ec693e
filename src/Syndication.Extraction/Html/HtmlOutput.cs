using System.Net;
using System.Text;
using Ganss.Xss;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Html;

/// <summary>
/// Writes body blocks as simple HTML. The writer is safe by construction (a fixed set of tags, no attributes but
/// resolved http(s)/mailto URLs and encoded alt text, all text HTML-encoded), so extracted bodies skip HtmlSanitizer,
/// which cost about a third of extraction time; <see cref="Sanitize"/> remains for HTML from elsewhere.
/// </summary>
public static class HtmlOutput
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "a", "strong", "b", "em", "i",
                "sub", "sup", "u", "mark", "q", "s", "del", "ins", "small", "abbr", "cite", "kbd", "br", "figure", "figcaption",
                "img", "table", "thead", "tbody", "tr", "td", "th", "hr", "dl", "dt", "dd",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "colspan", "rowspan" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.KeepChildNodes = true;
        return sanitizer;
    }

    /// <summary>Joins written fragments; tags left open or closed across block boundaries are balanced per fragment.</summary>
    internal static string Join(IReadOnlyList<string> fragments)
    {
        var output = new StringBuilder();
        foreach (var fragment in fragments)
        {
            Balance(fragment, output);
        }

        return TextCleaner.RemoveXmlInvalid(output.ToString()).Trim();
    }

    /// <summary>
    /// Copies one fragment of writer output, dropping close tags with no open partner, closing what was left open, and
    /// dropping links nested in links. Every '&lt;' in writer output starts a tag the writer emitted (text is encoded),
    /// so a scan for '&lt;' … '&gt;' sees tags only.
    /// </summary>
    private static void Balance(string fragment, StringBuilder output)
    {
        var open = new List<string>();
        var skippedLinks = 0;
        var position = 0;
        while (position < fragment.Length)
        {
            var lt = fragment.IndexOf('<', position);
            if (lt < 0)
            {
                output.Append(fragment, position, fragment.Length - position);
                break;
            }

            output.Append(fragment, position, lt - position);
            var gt = fragment.IndexOf('>', lt);
            if (gt < 0)
            {
                break;
            }

            var tag = fragment.AsSpan(lt, gt - lt + 1);
            position = gt + 1;
            if (tag.Length > 2 && tag[1] == '/')
            {
                var name = tag[2..^1].ToString();
                if (name == "a" && skippedLinks > 0)
                {
                    skippedLinks--;
                    continue;
                }

                var at = open.LastIndexOf(name);
                if (at < 0)
                {
                    continue;
                }

                for (var i = open.Count - 1; i >= at; i--)
                {
                    output.Append("</").Append(open[i]).Append('>');
                }

                open.RemoveRange(at, open.Count - at);
                continue;
            }

            var end = tag.IndexOfAny(' ', '>');
            var opened = tag[1..end].ToString();
            if (opened is "br" or "img" or "hr")
            {
                output.Append(tag);
                continue;
            }

            if (opened == "a" && open.Contains("a"))
            {
                skippedLinks++;
                continue;
            }

            open.Add(opened);
            output.Append(tag);
        }

        for (var i = open.Count - 1; i >= 0; i--)
        {
            output.Append("</").Append(open[i]).Append('>');
        }
    }

    /// <summary>Sanitises arbitrary HTML: only article markup survives, URLs become absolute against <paramref name="baseUrl"/>.</summary>
    public static string Sanitize(string html, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var clean = Sanitizer.Sanitize(TextCleaner.RemoveXmlInvalid(html), baseUrl ?? "");
        return TextCleaner.RemoveXmlInvalid(clean).Trim();
    }

    /// <summary>Writes blocks as a list of complete top-level elements.</summary>
    internal static List<string> Write(IReadOnlyList<ContentBlock> blocks)
    {
        var fragments = new List<string>();
        var html = new StringBuilder();
        var list = 0;
        var ordered = false;
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            if (list != 0 && block.ListId != list)
            {
                html.Append(ordered ? "</ol>\n" : "</ul>\n");
                list = 0;
            }

            if (list == 0 && html.Length > 0)
            {
                fragments.Add(html.ToString());
                html.Clear();
            }

            switch (block.Kind)
            {
                case BlockKind.Image:
                    html.Append("<figure><img src=\"").Append(WebUtility.HtmlEncode(block.ImageUrl)).Append('"');
                    if (block.ImageAlt is not null)
                    {
                        html.Append(" alt=\"").Append(WebUtility.HtmlEncode(block.ImageAlt)).Append('"');
                    }

                    html.Append('>');
                    if (index + 1 < blocks.Count && blocks[index + 1].Kind == BlockKind.Caption)
                    {
                        html.Append("<figcaption>").Append(blocks[++index].InlineHtml).Append("</figcaption>");
                    }

                    html.Append("</figure>\n");
                    break;
                case BlockKind.Heading:
                    var level = block.Tag is "h1" or "h2" ? "h2" : block.Tag;
                    html.Append('<').Append(level).Append('>').Append(block.InlineHtml).Append("</").Append(level).Append(">\n");
                    break;
                case BlockKind.ListItem when block.ListId != 0:
                    if (list == 0)
                    {
                        list = block.ListId;
                        ordered = block.Ordered;
                        html.Append(ordered ? "<ol>" : "<ul>");
                    }

                    html.Append("<li>").Append(block.InlineHtml).Append("</li>");
                    break;
                case BlockKind.Quote:
                    html.Append("<blockquote><p>").Append(block.InlineHtml).Append("</p></blockquote>\n");
                    break;
                case BlockKind.Preformatted:
                    html.Append("<pre>").Append(block.InlineHtml).Append("</pre>\n");
                    break;
                default:
                    html.Append("<p>").Append(block.InlineHtml).Append("</p>\n");
                    break;
            }
        }

        if (list != 0)
        {
            html.Append(ordered ? "</ol>\n" : "</ul>\n");
        }

        if (html.Length > 0)
        {
            fragments.Add(html.ToString());
        }

        return fragments;
    }
}
