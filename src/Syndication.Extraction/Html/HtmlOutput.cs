using System.Net;
using System.Text;
using Ganss.Xss;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Html;

/// <summary>Writes body blocks as simple HTML and passes it through HtmlSanitizer as a second line of defence.</summary>
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

    // HtmlSanitizer's time grows faster than linearly with fragment size (a 2 MB body takes seconds), so long bodies
    // are sanitised in batches of whole top-level elements.
    private const int BatchChars = 32 * 1024;

    internal static string SanitizeBlocks(IReadOnlyList<string> fragments, string? baseUrl)
    {
        var output = new StringBuilder();
        var batch = new StringBuilder();
        foreach (var fragment in fragments)
        {
            batch.Append(fragment);
            if (batch.Length >= BatchChars)
            {
                output.Append(Sanitize(batch.ToString(), baseUrl)).Append('\n');
                batch.Clear();
            }
        }

        if (batch.Length > 0)
        {
            output.Append(Sanitize(batch.ToString(), baseUrl));
        }

        return output.ToString().Trim();
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
