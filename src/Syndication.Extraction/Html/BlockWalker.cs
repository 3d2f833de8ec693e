using System.Net;
using System.Text;
using HtmlAgilityPack;

namespace Syndication.Extraction.Html;

/// <summary>
/// Linearises a cleaned DOM into <see cref="ContentBlock"/>s without recursion (pages can be nested arbitrarily
/// deep), recording every element's parent and subtree range so scores can be summed bottom-up.
/// </summary>
internal sealed partial class BlockWalker
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    };

    private static readonly HashSet<string> InlineKeep = new(StringComparer.Ordinal)
    {
        "a", "b", "strong", "i", "em", "code", "sub", "sup", "u", "mark", "q", "s", "del", "ins", "small", "abbr", "cite", "kbd",
    };

    private readonly List<ContentBlock> _blocks = [];
    private readonly List<int> _parents = [];
    private readonly List<string> _tags = [];
    private readonly List<HtmlNode> _elements = [];
    private readonly List<int> _ends = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();
    private readonly Func<string?, string?> _resolveUrl;
    private int _linkChars;
    private int _linkDepth;
    private int _emphasisChars;
    private int _emphasisDepth;
    private int _preDepth;
    private bool _pendingSpace;
    private int _listCounter;
    private int _captionDepth;
    private readonly List<bool> _captionOpens = [];

    public BlockWalker(Func<string?, string?> resolveUrl) => _resolveUrl = resolveUrl;

    public IReadOnlyList<ContentBlock> Blocks => _blocks;
    public IReadOnlyList<int> Parents => _parents;
    public IReadOnlyList<string> Tags => _tags;
    public IReadOnlyList<HtmlNode> Elements => _elements;
    public IReadOnlyList<int> Ends => _ends;

    /// <summary>Walks <paramref name="root"/>'s subtree, leaving out the subtrees of the nodes in <paramref name="skip"/>.</summary>
    public void Walk(HtmlNode root, HashSet<HtmlNode>? skip = null)
    {
        // Stack entries: node to enter, or (node, index) to exit.
        var stack = new Stack<(HtmlNode Node, int Exit)>();
        var owners = new Stack<int>();
        var blocks = new Stack<int>();
        var lists = new Stack<(int Id, bool Ordered)>();
        stack.Push((root, -1));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (exit >= 0)
            {
                Leave(node, exit, owners, blocks, lists);
                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    AppendText(((HtmlTextNode)node).Text);
                    continue;
                case HtmlNodeType.Element:
                    break;
                case HtmlNodeType.Document:
                    var documentChildren = node.ChildNodes;
                    for (var k = documentChildren.Count - 1; k >= 0; k--)
                    {
                        stack.Push((documentChildren[k], -1));
                    }

                    continue;
                default:
                    continue;
            }

            if (skip is not null && skip.Contains(node))
            {
                continue;
            }

            var name = node.Name;
            var index = _elements.Count;
            _elements.Add(node);
            _parents.Add(owners.Count > 0 ? owners.Peek() : -1);
            _tags.Add(name);
            _ends.Add(index);
            _captionOpens.Add(false);

            if (name == "br")
            {
                AppendBreak();
                _ends[index] = index;
                continue;
            }

            if (name == "img")
            {
                AddImage(node, blocks, index);
                continue;
            }

            // An inline caption ("<span class=newsCaption>") becomes a block of its own so it can be told apart.
            var caption = (BlockTags.Contains(name) || name is "span" or "small") && IsCaptionContainer(node, name);
            if (BlockTags.Contains(name) || caption)
            {
                Flush(blocks, lists);
                blocks.Push(index);
                if (caption)
                {
                    _captionOpens[index] = true;
                    _captionDepth++;
                }

                if (name is "ul" or "ol")
                {
                    lists.Push((++_listCounter, name == "ol"));
                }

                if (name == "pre")
                {
                    _preDepth++;
                }
            }
            else
            {
                OpenInline(node, name);
            }

            owners.Push(index);

            stack.Push((node, index));
            var children = node.ChildNodes;
            for (var k = children.Count - 1; k >= 0; k--)
            {
                stack.Push((children[k], -1));
            }
        }

        Flush(blocks, lists);
    }

    private void Leave(HtmlNode node, int index, Stack<int> owners, Stack<int> blocks, Stack<(int Id, bool Ordered)> lists)
    {
        _ends[index] = _elements.Count - 1;
        owners.Pop();
        if (blocks.Count == 0 || blocks.Peek() != index)
        {
            CloseInline(node.Name);
            return;
        }

        Flush(blocks, lists);
        blocks.Pop();
        if (_captionOpens[index])
        {
            _captionDepth--;
        }

        if (node.Name is "ul" or "ol")
        {
            lists.Pop();
        }

        if (node.Name == "pre")
        {
            _preDepth--;
        }
    }

    private void OpenInline(HtmlNode node, string name)
    {
        if (_pendingSpace && _text.Length > 0 && _text[^1] != '\n' && (name == "a" || InlineKeep.Contains(name)))
        {
            // The space before a link belongs outside it.
            _text.Append(' ');
            _html.Append(' ');
            _pendingSpace = false;
        }

        if (name is "em" or "i" or "strong" or "b")
        {
            _emphasisDepth++;
        }

        if (name == "a")
        {
            _linkDepth++;
            var href = _resolveUrl(node.GetAttributeValue("href", null));
            if (href is not null)
            {
                _html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">");
            }
            else
            {
                _html.Append("<a>");
            }
        }
        else if (InlineKeep.Contains(name))
        {
            _html.Append('<').Append(name).Append('>');
        }
    }

    private void CloseInline(string name)
    {
        if (name == "a")
        {
            _linkDepth--;
        }

        if (name is "em" or "i" or "strong" or "b")
        {
            _emphasisDepth--;
        }

        if (InlineKeep.Contains(name))
        {
            _html.Append("</").Append(name).Append('>');
        }
    }

    private void AppendText(string raw)
    {
        if (raw.Length == 0)
        {
            return;
        }

        var text = raw.Contains('&') ? WebUtility.HtmlDecode(raw) : raw;
        var before = _text.Length;
        if (_preDepth > 0)
        {
            _text.Append(text);
            _html.Append(WebUtility.HtmlEncode(text));
        }
        else
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF' || c == '\u00AD')
                {
                    _pendingSpace = c != '\u00AD' && c != '\u200B' && c != '\uFEFF' || _pendingSpace;
                    continue;
                }

                if (char.IsControl(c))
                {
                    continue;
                }

                if (_pendingSpace && _text.Length > 0 && _text[^1] != '\n')
                {
                    _text.Append(' ');
                    _html.Append(' ');
                }

                _pendingSpace = false;
                _text.Append(c);
                AppendHtmlChar(c);
            }
        }

        if (_linkDepth > 0)
        {
            _linkChars += _text.Length - before;
        }

        if (_emphasisDepth > 0)
        {
            _emphasisChars += _text.Length - before;
        }
    }

    private void AppendHtmlChar(char c)
    {
        switch (c)
        {
            case '<':
                _html.Append("&lt;");
                break;
            case '>':
                _html.Append("&gt;");
                break;
            case '&':
                _html.Append("&amp;");
                break;
            default:
                _html.Append(c);
                break;
        }
    }

    private void AppendBreak()
    {
        if (_text.Length > 0 && _text[^1] != '\n')
        {
            _text.Append('\n');
            _html.Append("<br>");
        }
        else if (_text.Length > 1 && _text[^2] != '\n')
        {
            _text.Append('\n');
            _html.Append("<br>");
        }

        _pendingSpace = false;
    }

    private void AddImage(HtmlNode node, Stack<int> owners, int index)
    {
        var src = ImageSource(node);
        var url = _resolveUrl(src);
        if (url is null || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var width = node.GetAttributeValue("width", 0);
        var height = node.GetAttributeValue("height", 0);
        if ((width > 0 && width < 50) || (height > 0 && height < 50))
        {
            return; // tracking pixels and icons
        }

        var owner = owners.Count > 0 ? owners.Peek() : index;
        var block = new ContentBlock
        {
            Owner = owner,
            Kind = BlockKind.Image,
            Tag = "img",
            Text = "",
            InlineHtml = "",
            LinkChars = 0,
            ImageUrl = url,
            ImageAlt = Text.TextCleaner.CollapseOrNull(WebUtility.HtmlDecode(node.GetAttributeValue("alt", ""))),
        };
        // An image inside a paragraph must not split that paragraph's text.
        _blocks.Add(block);
    }

    /// <summary>The real source of an image, looking through the usual lazy-loading attributes.</summary>
    public static string? ImageSource(HtmlNode node)
    {
        foreach (var attribute in (string[])["data-src", "data-lazy-src", "data-original", "data-srcset", "srcset", "src"])
        {
            var value = node.GetAttributeValue(attribute, null);
            if (string.IsNullOrWhiteSpace(value) || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (attribute.EndsWith("srcset", StringComparison.Ordinal))
            {
                value = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1].Split(' ')[0];
            }

            return WebUtility.HtmlDecode(value.Trim());
        }

        return null;
    }

    private void Flush(Stack<int> owners, Stack<(int Id, bool Ordered)> lists)
    {
        _pendingSpace = false;
        var text = _text.ToString().Trim();
        if (text.Length == 0)
        {
            _text.Clear();
            _html.Clear();
            _linkChars = 0;
            _emphasisChars = 0;
            return;
        }

        var owner = owners.Count > 0 ? owners.Peek() : 0;
        var tag = owner < _tags.Count ? _tags[owner] : "div";
        var (listId, ordered) = lists.Count > 0 ? lists.Peek() : (0, false);
        _blocks.Add(new ContentBlock
        {
            Owner = owner,
            Kind = _captionDepth > 0 && tag is not ("h1" or "h2" or "h3") ? BlockKind.Caption : KindOf(tag),
            Tag = tag,
            Text = text,
            InlineHtml = TrimBreaks(_html.ToString()),
            LinkChars = Math.Min(_linkChars, text.Length),
            EmphasisChars = Math.Min(_emphasisChars, text.Length),
            ListId = tag == "li" ? listId : 0,
            Ordered = ordered,
        });
        _text.Clear();
        _html.Clear();
        _linkChars = 0;
        _emphasisChars = 0;
    }

    private static string TrimBreaks(string html)
    {
        html = html.Trim();
        while (html.EndsWith("<br>", StringComparison.Ordinal))
        {
            html = html[..^4].TrimEnd();
        }

        while (html.StartsWith("<br>", StringComparison.Ordinal))
        {
            html = html[4..].TrimStart();
        }

        return html;
    }

    /// <summary>
    /// Figures and the caption or credit lines CMSs put under pictures: their text describes an image and is not part
    /// of the article's running text.
    /// </summary>
    private static bool IsCaptionContainer(HtmlNode node, string name)
    {
        if (name is "figure" or "figcaption")
        {
            return true;
        }

        if (!node.HasAttributes || name is "body" or "html" or "article" or "main")
        {
            return false;
        }

        var cls = node.GetAttributeValue("class", null);
        return cls is not null && CaptionClass().IsMatch(cls);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"caption|credit|\bgallery", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CaptionClass();

    private static BlockKind KindOf(string tag) => tag switch
    {
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => BlockKind.Heading,
        "li" or "dd" or "dt" => BlockKind.ListItem,
        "blockquote" => BlockKind.Quote,
        "pre" => BlockKind.Preformatted,
        "figcaption" or "caption" => BlockKind.Caption,
        "td" or "th" => BlockKind.Cell,
        _ => BlockKind.Paragraph,
    };
}
