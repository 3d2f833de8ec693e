using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace Syndication.Extraction.Html;

/// <summary>The article body found in a page: its blocks in order.</summary>
internal sealed record ExtractedBody(IReadOnlyList<ContentBlock> Blocks, string? FirstImage);

/// <summary>
/// Finds the article body: prunes what is never content, splits the rest into text blocks, classifies each block as
/// content-like or boilerplate-like, and picks the element whose subtree holds the most content text net of
/// boilerplate text. No site-specific rules.
/// </summary>
internal static partial class BodyExtractor
{
    private static readonly HashSet<string> DropTags = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "video", "audio", "map",
        "button", "input", "select", "textarea", "option", "label", "link", "meta", "head", "title", "nav", "aside", "dialog",
        "math", "frameset", "frame", "applet", "source", "track",
    };

    /// <summary>Removal that applies to every page.</summary>
    public static void PruneAlways(HtmlNode root)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        var remove = new List<HtmlNode>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType == HtmlNodeType.Comment)
                {
                    remove.Add(child);
                    continue;
                }

                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (DropTags.Contains(child.Name) || IsHidden(child))
                {
                    remove.Add(child);
                    continue;
                }

                stack.Push(child);
            }
        }

        foreach (var node in remove)
        {
            node.Remove();
        }
    }

    /// <summary>Removal of elements whose class, id or role says they are not the article (menus, comments, shares).</summary>
    public static void PruneUnlikely(HtmlNode root)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        var remove = new List<HtmlNode>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (IsUnlikely(child))
                {
                    remove.Add(child);
                    continue;
                }

                stack.Push(child);
            }
        }

        foreach (var node in remove)
        {
            node.Remove();
        }
    }

    private static bool IsHidden(HtmlNode node)
    {
        if (node.Attributes.Count == 0)
        {
            return false;
        }

        if (node.Attributes["hidden"] is not null)
        {
            return true;
        }

        var style = node.GetAttributeValue("style", null);
        return style is not null && HiddenStyle().IsMatch(style);
    }

    private static bool IsUnlikely(HtmlNode node)
    {
        var name = node.Name;
        if (name is "body" or "html" or "article" or "main" or "a" or "p" or "h1" or "h2" or "h3" or "table" or "tbody" or "tr" or "td")
        {
            return false;
        }

        if (name is "footer")
        {
            return true;
        }

        var role = node.GetAttributeValue("role", null);
        if (role is "navigation" or "complementary" or "banner" or "contentinfo" or "menu" or "menubar" or "dialog" or "alertdialog" or "search")
        {
            return true;
        }

        if (node.GetAttributeValue("aria-hidden", null) == "true" && name is "div" or "span" or "section" or "ul")
        {
            return true;
        }

        var signature = Signature(node);
        if (signature.Length == 0)
        {
            return false;
        }

        return Unlikely().IsMatch(signature) && !MaybeCandidate().IsMatch(signature);
    }

    private static string Signature(HtmlNode node)
    {
        var cls = node.GetAttributeValue("class", null);
        var id = node.GetAttributeValue("id", null);
        return cls is null ? id ?? "" : id is null ? cls : cls + " " + id;
    }

    /// <summary>Extracts the body from an already pruned DOM.</summary>
    public static ExtractedBody? Extract(HtmlNode body, Func<string?, string?> resolveUrl, string? title)
    {
        var walker = new BlockWalker(resolveUrl);
        walker.Walk(body);
        var blocks = walker.Blocks;
        if (blocks.Count == 0)
        {
            return null;
        }

        var count = walker.Elements.Count;
        var score = new double[count];
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Image)
            {
                continue;
            }

            block.Good = IsContentLike(block);
            score[block.Owner] += block.Good ? block.Length : -BoilerplateWeight * block.Length;
        }

        // Reverse pre-order visits every child before its parent: sum subtree scores bottom-up without recursion.
        var parents = walker.Parents;
        for (var i = count - 1; i > 0; i--)
        {
            if (parents[i] >= 0)
            {
                score[parents[i]] += score[i];
            }
        }

        var best = 0;
        for (var i = 1; i < count; i++)
        {
            if (score[i] > score[best])
            {
                best = i;
            }
        }

        if (score[best] <= 0)
        {
            return null;
        }

        var end = walker.Ends[best];
        var chosen = new List<ContentBlock>();
        foreach (var block in blocks)
        {
            if (block.Owner >= best && block.Owner <= end && Keep(block, title))
            {
                chosen.Add(block);
            }
        }

        TrimEdges(chosen);
        var image = chosen.FirstOrDefault(b => b.Kind == BlockKind.Image)?.ImageUrl;
        return chosen.Any(b => b.Kind != BlockKind.Image) ? new ExtractedBody(chosen, image) : null;
    }

    private const double BoilerplateWeight = 1.0;

    private static bool IsContentLike(ContentBlock block)
    {
        if (block.LinkDensity > 0.4)
        {
            return false;
        }

        if (block.Kind is BlockKind.Heading or BlockKind.Caption)
        {
            return false;
        }

        var length = block.Length;
        if (length >= 80)
        {
            return true;
        }

        return length >= 25 && block.Tag is "p" or "blockquote" or "pre" && EndsSentence(block.Text);
    }

    private static bool EndsSentence(string text) => text[^1] is '.' or '!' or '?' or '…' or '"' or '»' or '”' or ':' or ')' or '。';

    private static bool Keep(ContentBlock block, string? title)
    {
        if (block.Kind == BlockKind.Image)
        {
            return true;
        }

        if (block.Tag == "h1" || (title is not null && string.Equals(block.Text, title, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (block.LinkDensity > 0.5 && !block.Good)
        {
            return false;
        }

        if (block.Length < 50 && Boilerplate().IsMatch(block.Text))
        {
            return false;
        }

        return true;
    }

    /// <summary>Drops bylines, dates and share lines before the first and after the last content paragraph.</summary>
    private static void TrimEdges(List<ContentBlock> chosen)
    {
        var first = chosen.FindIndex(b => b.Good);
        if (first < 0)
        {
            return;
        }

        for (var i = first - 1; i >= 0; i--)
        {
            var block = chosen[i];
            if (block.Kind != BlockKind.Image && block.Length < 40 && block.Kind != BlockKind.Heading)
            {
                chosen.RemoveAt(i);
            }
        }

        var last = chosen.FindLastIndex(b => b.Good);
        for (var i = chosen.Count - 1; i > last; i--)
        {
            var block = chosen[i];
            if (block.Kind != BlockKind.Image && (block.LinkDensity > 0.3 || block.Kind is BlockKind.ListItem or BlockKind.Heading))
            {
                chosen.RemoveAt(i);
            }
        }
    }

    /// <summary>Plain text of blocks: paragraphs separated by a blank line.</summary>
    public static string ToText(IReadOnlyList<ContentBlock> blocks)
    {
        var builder = new StringBuilder();
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Image)
            {
                continue;
            }

            foreach (var line in block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (builder.Length > 0)
                {
                    builder.Append("\n\n");
                }

                builder.Append(line);
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"-ad-|\bads?\b|adsbygoogle|advert|banner|breadcrumb|combx|comment|community|cookie|consent|gdpr|disqus|extra|foot|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|side-bar|skyscraper|social|share|sharing|sponsor|supplemental|pagination|pager|popup|modal|newsletter|subscribe|signup|promo|outbrain|taboola|recommend|most-?popular|trending|tags?-?list|author-?bio|byline|navbar|masthead|toolbar|widget", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unlikely();

    [GeneratedRegex(@"\barticle|\bbody\b|\bcontent|\bmain\b|\bpost\b|\bstory\b|\bentry\b|\btext\b|column|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex(@"^(advertisement|реклама|жарнама|share( this)?|поделиться|бөлісу|read more|подробнее|толығырақ|читайте также|сондай-ақ оқыңыз|related|see also|comments?|комментарии|пікірлер|subscribe|подписаться|print|печать|tags?:?|теги:?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boilerplate();
}
