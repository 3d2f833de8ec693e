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
        "math", "frameset", "frame", "applet", "source", "track", "rt", "rp",
    };

    private static readonly HashSet<string> HiddenClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "hide", "hidden", "is-hidden", "d-none", "display-none", "invisible", "sr-only", "visually-hidden", "screen-reader-text", "screenreader-only",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HiddenClassLookup = HiddenClasses.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Removal that applies to every page.</summary>
    public static void PruneAlways(HtmlNode root)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        // Removed by position, last first, through the child list itself: HtmlNode.Remove looks the node up again and
        // walks its whole subtree (the head, every menu) to clear an id index we do not keep.
        var remove = new List<(HtmlNode Parent, int Index)>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var children = node.ChildNodes;
            for (var k = 0; k < children.Count; k++)
            {
                var child = children[k];
                if (child.NodeType == HtmlNodeType.Comment)
                {
                    remove.Add((node, k));
                    continue;
                }

                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (DropTags.Contains(child.Name) || IsHidden(child))
                {
                    remove.Add((node, k));
                    continue;
                }

                stack.Push(child);
            }
        }

        // Within one parent the positions were recorded in increasing order, so going backwards keeps them valid.
        for (var r = remove.Count - 1; r >= 0; r--)
        {
            var (parent, index) = remove[r];
            parent.ChildNodes.Remove(index);
        }
    }

    /// <summary>
    /// Elements whose class, id or role says they are not the article (menus, comments, shares). They are skipped by
    /// the strict walk rather than removed, so the relaxed walk can read the same parsed page.
    /// </summary>
    public static HashSet<HtmlNode> FindUnlikely(HtmlNode root)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        var unlikely = new HashSet<HtmlNode>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var child in node.ChildNodes)
            {
                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (IsUnlikely(child) && !HoldsArticle(child) && !HoldsMarkedBody(child))
                {
                    unlikely.Add(child);
                    continue;
                }

                stack.Push(child);
            }
        }

        return unlikely;
    }

    /// <summary>
    /// A wrapper whose class only looks unlikely ("Page-ad-margins", "has-sidebar") but holds the page's article or
    /// main element or its h1 headline is layout, not a widget (comment threads hold articles too, so those do not count). Removed subtrees are disjoint, so these checks read each node at most once.
    /// </summary>
    private static bool HoldsArticle(HtmlNode node)
    {
        // An explicit stack: HtmlAgilityPack's Descendants() nests one iterator per level.
        var stack = new Stack<HtmlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var children = stack.Pop().ChildNodes;
            for (var k = 0; k < children.Count; k++)
            {
                var child = children[k];
                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (child.Name is "main" or "h1")
                {
                    return true;
                }

                stack.Push(child);
            }
        }

        return false;
    }

    /// <summary>
    /// A widget-classed wrapper ("widget Blog") around an element whose class marks the article body
    /// ("post-body entry-content") that holds most (60 %) of the wrapper's text, at least a few paragraphs' worth: the
    /// wrapper is the template's frame for the post, not a sidebar widget.
    /// </summary>
    private static bool HoldsMarkedBody(HtmlNode node)
    {
        var total = -1;
        var stack = new Stack<HtmlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var children = stack.Pop().ChildNodes;
            for (var k = 0; k < children.Count; k++)
            {
                var child = children[k];
                if (child.NodeType != HtmlNodeType.Element)
                {
                    continue;
                }

                if (child.HasAttributes && StrongBodyHint().IsMatch(Signature(child)))
                {
                    total = total < 0 ? node.InnerText.Length : total;
                    var inner = child.InnerText.Length;
                    if (inner >= 400 && inner >= 0.6 * total)
                    {
                        return true;
                    }

                    continue;
                }

                stack.Push(child);
            }
        }

        return false;
    }

    private static bool IsHidden(HtmlNode node)
    {
        if (!node.HasAttributes)
        {
            return false;
        }

        if (node.Attributes["hidden"] is not null)
        {
            return true;
        }

        var style = node.GetAttributeValue("style", null);
        if (style is not null && HiddenStyle().IsMatch(style))
        {
            return true;
        }

        // Utility classes that hide an element (modals waiting to open, error messages, screen-reader-only labels).
        // Whole class tokens only: "hidden-xs" hides on phones and shows elsewhere.
        var cls = node.GetAttributeValue("class", null);
        if (cls is null)
        {
            return false;
        }

        // Split without allocating: this runs on every element that has a class.
        var classes = cls.AsSpan();
        foreach (var token in classes.Split(' '))
        {
            if (token.End.Value > token.Start.Value && HiddenClassLookup.Contains(classes[token]))
            {
                return true;
            }
        }

        return false;
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

        // class and id are matched one by one rather than joined: this runs on every element of the page.
        var cls = node.GetAttributeValue("class", null);
        var id = node.GetAttributeValue("id", null);
        // Each attribute speaks for itself: a "likes-widget" class is not redeemed by an id that names the post it likes.
        return (Matches(Unlikely(), cls) && !Matches(MaybeCandidate(), cls)) || (Matches(Unlikely(), id) && !Matches(MaybeCandidate(), id));
    }

    private static bool Matches(Regex regex, string? value) => !string.IsNullOrEmpty(value) && regex.IsMatch(value);

    private static string Signature(HtmlNode node)
    {
        var cls = node.GetAttributeValue("class", null);
        var id = node.GetAttributeValue("id", null);
        return cls is null ? id ?? "" : id is null ? cls : cls + " " + id;
    }

    /// <summary>Extracts the body from an already pruned DOM.</summary>
    public static ExtractedBody? Extract(HtmlNode body, Func<string?, string?> resolveUrl, string? title, string? articleBody = null, HashSet<HtmlNode>? skip = null)
    {
        var walker = new BlockWalker(resolveUrl);
        walker.Walk(body, skip);
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

        var (good, bad) = SubtreeText(walker, blocks);
        var ranges = ChooseByBodyHint(walker, good, best) ?? [(best, walker.Ends[best])];
        ranges = AddSiblingRuns(walker, blocks, good, bad, ranges);
        var chosen = new List<ContentBlock>();
        var firstChosen = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (ranges.Exists(r => block.Owner >= r.Start && block.Owner <= r.End))
            {
                firstChosen = firstChosen < 0 ? i : firstChosen;
                chosen.Add(block);
            }
        }

        AddLead(chosen, blocks, firstChosen, title);

        DropNestedArticles(chosen, walker, ranges, title);
        DropTeasers(chosen, walker);
        DropBeforeHeadline(chosen, title);
        chosen.RemoveAll(block => !Keep(block, title));
        // The declared text often spells quotes, dashes and spaces differently from the page, so matching it block by block
        // loses paragraphs: it only overrules the chosen element when that element misses most of it.
        if (articleBody is not null && MatchArticleBody(blocks, articleBody) is { } declared && Misses(chosen, declared))
        {
            chosen = declared;
        }

        MarkCaptions(chosen, walker, good, bad);
        DropTrailingBox(chosen, walker);

        TrimEdges(chosen, walker);
        Cap(chosen);
        var image = chosen.FirstOrDefault(b => b.Kind == BlockKind.Image)?.ImageUrl;
        return chosen.Any(b => b.Kind != BlockKind.Image) ? new ExtractedBody(chosen, image) : null;
    }

    /// <summary>
    /// Most CMSs mark the article body (itemprop=articleBody, "entry-content", "article-body", …). When such elements
    /// hold most of the content text the scored container holds, they are a tighter bound than the container: they
    /// leave out teaser lists and widgets that sit next to the body. Elements sharing the chosen hint's class are taken
    /// together, because some templates split one body into several columns.
    /// </summary>
    private static List<(int Start, int End)>? ChooseByBodyHint(BlockWalker walker, double[] good, int best)
    {
        var count = walker.Elements.Count;
        var signatures = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var element = walker.Elements[i];
            if (!element.HasAttributes || good[i] <= 0)
            {
                continue;
            }

            var signature = element.GetAttributeValue("itemprop", null) is { } prop && prop.Contains("articleBody", StringComparison.OrdinalIgnoreCase)
                ? "itemprop=articleBody"
                : Signature(element);
            if (signature.Length == 0 || !BodyHint().IsMatch(signature))
            {
                continue;
            }

            if (!signatures.TryGetValue(signature, out var list))
            {
                signatures[signature] = list = [];
            }

            // Nested elements with the same signature: keep the outermost.
            if (list.Count == 0 || i > walker.Ends[list[^1]])
            {
                list.Add(i);
            }
        }

        var bestGood = good[best];
        List<(int Start, int End)>? chosen = null;
        var chosenGood = 0.0;
        foreach (var (_, elements) in signatures)
        {
            var total = elements.Sum(e => good[e]);
            if (total >= 0.6 * bestGood && (chosen is null || total > chosenGood * 1.05 || (total >= chosenGood * 0.95 && Tighter(elements, chosen, walker))))
            {
                chosen = elements.Select(e => (e, walker.Ends[e])).ToList();
                chosenGood = total;
            }
        }

        // Hinted elements that are siblings ("content-item" paragraphs of one body) are one run: what sits between them
        // (subheadings, the standfirst's neighbours, pictures) is part of it too.
        if (chosen is { Count: > 1 } && chosen.TrueForAll(r => walker.Parents[r.Start] == walker.Parents[chosen[0].Start]))
        {
            chosen = [(chosen[0].Start, chosen[^1].End)];
        }

        return chosen;
    }

    /// <summary>Content and boilerplate text lengths of every element's subtree.</summary>
    private static (double[] Good, double[] Bad) SubtreeText(BlockWalker walker, IReadOnlyList<ContentBlock> blocks)
    {
        var count = walker.Elements.Count;
        var good = new double[count];
        var bad = new double[count];
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Image)
            {
                continue;
            }

            if (block.Good)
            {
                good[block.Owner] += block.Length;
            }
            else
            {
                bad[block.Owner] += block.Length;
            }
        }

        for (var i = count - 1; i > 0; i--)
        {
            var parent = walker.Parents[i];
            if (parent >= 0)
            {
                good[parent] += good[i];
                bad[parent] += bad[i];
            }
        }

        return (good, bad);
    }

    /// <summary>
    /// An article body is often split over sibling containers: paragraph runs separated by a figure, an ad slot or a
    /// "read also" box. Siblings next to the chosen container that hold running text (and little else) continue it;
    /// small boilerplate siblings between them are stepped over, a substantial one ends the run.
    /// </summary>
    private static List<(int Start, int End)> AddSiblingRuns(BlockWalker walker, IReadOnlyList<ContentBlock> blocks, double[] good, double[] bad, List<(int Start, int End)> ranges)
    {
        var first = ranges[0].Start;
        var last = ranges[^1].Start;
        var parent = walker.Parents[first];
        if (parent < 0 || walker.Parents[last] != parent)
        {
            return ranges;
        }

        // The parent's children in document order.
        var children = new List<int>();
        for (var i = parent + 1; i <= walker.Ends[parent]; i = walker.Ends[i] + 1)
        {
            children.Add(i);
        }

        var firstChild = children.IndexOf(first);
        var lastChild = children.IndexOf(last);
        if (firstChild < 0 || lastChild < 0)
        {
            return ranges;
        }

        var linkedHeadings = LinkedHeadingOwners(blocks);
        var model = walker.Elements[first];
        bool Continues(int element) => good[element] >= 80 && bad[element] <= 0.25 * good[element] && Similar(walker.Elements[element], model) && !linkedHeadings.Exists(h => h >= element && h <= walker.Ends[element]);

        var added = new List<(int Start, int End)>();
        foreach (var step in (ReadOnlySpan<int>)[-1, 1])
        {
            var pending = 0;
            for (var k = (step < 0 ? firstChild : lastChild) + step; k >= 0 && k < children.Count; k += step)
            {
                var child = children[k];
                if (Continues(child))
                {
                    added.Add((child, walker.Ends[child]));
                    pending = 0;
                }
                else if (++pending <= MaxSteppedOver)
                {
                    continue;
                }
                else
                {
                    break;
                }
            }
        }

        if (added.Count == 0)
        {
            return ranges;
        }

        var all = new List<(int Start, int End)>(ranges);
        all.AddRange(added);
        all.Sort((a, b) => a.Start.CompareTo(b.Start));
        return all;
    }

    /// <summary>Same tag and same class: another part of the same template's body.</summary>
    private static bool Similar(HtmlNode a, HtmlNode b) =>
        a.Name == b.Name && string.Equals(a.GetAttributeValue("class", null), b.GetAttributeValue("class", null), StringComparison.Ordinal);

    private const int MaxSteppedOver = 2;

    private static List<int> LinkedHeadingOwners(IReadOnlyList<ContentBlock> blocks)
    {
        var owners = new List<int>();
        foreach (var block in blocks)
        {
            if (IsLinkedHeading(block))
            {
                owners.Add(block.Owner);
            }
        }

        return owners;
    }

    /// <summary>
    /// The standfirst: running text between the article's headline and the body container (a teaser paragraph under the
    /// h1, a lead in the article header) belongs to the article even though the body's container leaves it out.
    /// </summary>
    private static void AddLead(List<ContentBlock> chosen, IReadOnlyList<ContentBlock> blocks, int firstChosen, string? title)
    {
        if (firstChosen <= 0)
        {
            return;
        }

        var headline = -1;
        for (var i = firstChosen - 1; i >= 0 && i >= firstChosen - LeadWindow; i--)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Heading && (block.Tag == "h1" || (title is not null && string.Equals(Text.TextCleaner.Collapse(block.Text), title, StringComparison.OrdinalIgnoreCase))))
            {
                headline = i;
                break;
            }
        }

        if (headline < 0)
        {
            return;
        }

        // The lead follows the headline, with at most a kicker, a subtitle, a byline, a date or a captioned picture in
        // between; any other heading or substantial block of something else ends it.
        var lead = new List<ContentBlock>();
        var subtitle = false;
        for (var i = headline + 1; i < firstChosen && lead.Count < MaxLeadBlocks; i++)
        {
            var block = blocks[i];
            // Some templates set the standfirst as a subheading (h2 under the h1): at a paragraph's length and ending like
            // a sentence it is one.
            var sentenceHeading = block.Kind == BlockKind.Heading && block.Tag != "h1" && EndsSentence(block.Text);
            if ((sentenceHeading || (block.Good && block.Kind == BlockKind.Paragraph)) && block.LinkDensity < 0.2 && block.Length >= MinLeadChars)
            {
                lead.Add(block);
            }
            else if (block.Kind == BlockKind.Heading && block.Tag == "h2" && lead.Count == 0 && !subtitle)
            {
                // The headline's subtitle (a one-line dek under the h1): the lead follows it.
                subtitle = true;
            }
            else if (block.Kind == BlockKind.Caption)
            {
                // The picture under the headline and its caption, however long.
                continue;
            }
            else if (block.Kind == BlockKind.Heading || (block.Kind != BlockKind.Image && block.Length >= 100))
            {
                break;
            }
        }

        chosen.InsertRange(0, lead);
    }

    private const int LeadWindow = 30;
    private const int MaxLeadBlocks = 3;
    // A one-line dek under the headline is the headline's subtitle (summaries use it); a lead is a paragraph of the
    // article's own running text.
    private const int MinLeadChars = 120;

    /// <summary>
    /// Teaser lists that sit inside the chosen container ("latest news", "more stories"): when it holds three or more
    /// linked headings, they head other stories, and the few blocks under each are that story's lead and date.
    /// Articles rarely link their own headings. (Measured on the benchmark set: precision +0.010, recall -0.003.)
    /// </summary>
    private static void DropTeasers(List<ContentBlock> chosen, BlockWalker walker)
    {
        var headings = new List<int>();
        for (var i = 0; i < chosen.Count; i++)
        {
            if (IsLinkedHeading(chosen[i]))
            {
                headings.Add(i);
            }
        }

        if (headings.Count < 3)
        {
            return;
        }

        // A teaser is a linked heading with at most a few blocks of lead under it, followed by the next linked heading or
        // the end: a "read also" heading in the middle of an article is followed by more of the article instead. When
        // the heading sits in its own item (li, card) the lead must sit in that item too: "read also" boxes embedded
        // between an article's paragraphs are items whose neighbours are the article.
        var drop = new bool[chosen.Count];
        for (var h = 0; h < headings.Count; h++)
        {
            var i = headings[h];
            var j = i + 1;
            while (j < chosen.Count && j - i <= TeaserBlocks && chosen[j].Kind != BlockKind.Heading && chosen[j].Length < TeaserChars)
            {
                j++;
            }

            if (j != chosen.Count && !IsLinkedHeading(chosen[j]))
            {
                continue;
            }

            // Kickers and dates above the next teaser's heading belong to that teaser's item.
            var neighbour = chosen[headings[h + 1 < headings.Count ? h + 1 : h - 1]].Owner;
            var item = TeaserItem(walker, chosen[i].Owner, neighbour);
            var next = j < chosen.Count ? TeaserItem(walker, chosen[j].Owner, chosen[i].Owner) : -1;
            for (var k = i + 1; k < j; k++)
            {
                var owner = chosen[k].Owner;
                drop[k] = item == chosen[i].Owner || (owner >= item && owner <= walker.Ends[item]) || (next >= 0 && owner >= next && owner <= walker.Ends[next]);
            }
        }

        var kept = chosen.Where((_, i) => !drop[i]).ToList();
        chosen.Clear();
        chosen.AddRange(kept);
    }

    /// <summary>The largest element holding a teaser heading but not its neighbouring teaser's heading.</summary>
    private static int TeaserItem(BlockWalker walker, int heading, int neighbour)
    {
        var item = heading;
        for (var parent = walker.Parents[item]; parent >= 0 && !(neighbour >= parent && neighbour <= walker.Ends[parent]); parent = walker.Parents[item])
        {
            item = parent;
        }

        return item;
    }

    /// <summary>
    /// The article starts at its own headline: what the chosen container holds above it (breaking-news tickers, teaser
    /// rails, breadcrumbs) belongs to the page, not the article.
    /// </summary>
    private static void DropBeforeHeadline(List<ContentBlock> chosen, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return;
        }

        var headline = chosen.FindIndex(b => b.Kind == BlockKind.Heading && string.Equals(Text.TextCleaner.Collapse(b.Text), title, StringComparison.OrdinalIgnoreCase));
        // Running text above the headline means the heading is not the top of the article (a repeated title, a section
        // heading that happens to equal a wrong title): then nothing is dropped.
        if (headline > 0 && !chosen.Take(headline).Any(b => b.Good && b.Kind == BlockKind.Paragraph))
        {
            chosen.RemoveRange(0, headline);
        }
    }

    /// <summary>
    /// An &lt;article&gt; inside the chosen container is its own composition (a related story's card, a comment). When
    /// there are two or more, the one holding the most text (or the text outside them all, if that is more) is this
    /// article; the others are dropped.
    /// </summary>
    private static void DropNestedArticles(List<ContentBlock> chosen, BlockWalker walker, List<(int Start, int End)> ranges, string? title)
    {
        // Innermost articles only: a card list is often wrapped in an article of its own.
        var leaves = new List<int>();
        foreach (var (start, end) in ranges)
        {
            for (var i = start + 1; i <= end; i++)
            {
                if (walker.Tags[i] == "article")
                {
                    leaves.RemoveAll(l => i > l && i <= walker.Ends[l]);
                    leaves.Add(i);
                }
            }
        }

        if (leaves.Count < 2)
        {
            return;
        }

        var good = new double[leaves.Count];
        var outside = 0.0;
        foreach (var block in chosen)
        {
            if (!block.Good)
            {
                continue;
            }

            var leaf = leaves.FindIndex(l => block.Owner >= l && block.Owner <= walker.Ends[l]);
            if (leaf >= 0)
            {
                good[leaf] += block.Length;
            }
            else
            {
                outside += block.Length;
            }
        }

        // The first leaf with the most good text (a loop, not Max(): that generic is compiled at first use).
        var main = 0;
        for (var k = 1; k < good.Length; k++)
        {
            if (good[k] > good[main])
            {
                main = k;
            }
        }

        // Pages that load the next stories below this one (endless scrolling) hold several full articles: this page's is
        // the one headed by its title, even when a later one is longer.
        var headed = HeadedLeaf(chosen, walker, leaves, title);
        if (headed >= 0 && good[headed] >= MinHeadedArticleChars)
        {
            main = headed;
        }

        var keep = outside >= good[main] ? -1 : leaves[main];
        chosen.RemoveAll(block => leaves.Exists(l => l != keep && block.Owner >= l && block.Owner <= walker.Ends[l]));
    }

    private static int HeadedLeaf(List<ContentBlock> chosen, BlockWalker walker, List<int> leaves, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return -1;
        }

        foreach (var block in chosen)
        {
            if (block.Kind == BlockKind.Heading && block.LinkDensity < 0.5 && string.Equals(Text.TextCleaner.Collapse(block.Text), title, StringComparison.OrdinalIgnoreCase))
            {
                return leaves.FindIndex(l => block.Owner >= l && block.Owner <= walker.Ends[l]);
            }
        }

        return -1;
    }

    private const int MinHeadedArticleChars = 400;

    private const int TeaserChars = 800;
    private const int TeaserBlocks = 4;

    private static bool IsLinkedHeading(ContentBlock block) => block.Kind == BlockKind.Heading && block.LinkDensity > 0.8;

    /// <summary>
    /// The page's own JSON-LD articleBody names the body text; the blocks it contains are the body, as long as they cover
    /// most of it (some sites put only a teaser there).
    /// </summary>
    private static List<ContentBlock>? MatchArticleBody(IReadOnlyList<ContentBlock> blocks, string articleBody)
    {
        var matched = new List<ContentBlock>();
        var covered = 0;
        var first = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Image)
            {
                if (first >= 0)
                {
                    matched.Add(block);
                }

                continue;
            }

            var text = Text.TextCleaner.Collapse(block.Text);
            if (text.Length >= 2 && (text.Length >= 15 || block.Kind == BlockKind.Heading || first >= 0) && articleBody.Contains(text, StringComparison.Ordinal))
            {
                matched.Add(block);
                covered += text.Length;
                first = first < 0 ? i : first;
            }
        }

        while (matched.Count > 0 && matched[^1].Kind == BlockKind.Image)
        {
            matched.RemoveAt(matched.Count - 1);
        }

        return covered >= 0.7 * articleBody.Length ? matched : null;
    }

    /// <summary>The chosen blocks hold less than half of the declared body's text: the scorer picked the wrong element.</summary>
    private static bool Misses(List<ContentBlock> chosen, List<ContentBlock> declared)
    {
        var inChosen = new HashSet<ContentBlock>(chosen, ReferenceEqualityComparer.Instance);
        var all = 0;
        var held = 0;
        foreach (var block in declared)
        {
            all += block.Length;
            held += inChosen.Contains(block) ? block.Length : 0;
        }

        return held < 0.5 * all;
    }

    private static bool Tighter(List<int> elements, List<(int Start, int End)> chosen, BlockWalker walker) =>
        elements.Sum(e => walker.Ends[e] - e) < chosen.Sum(c => c.End - c.Start);

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

        // A sentence paragraph keeps its links: articles link their sources in running text.
        if (block.LinkDensity > 0.5 && !block.Good && !(block.Tag is "p" or "li" && block.Length >= 60 && block.LinkDensity < 0.7 && EndsSentence(block.Text)))
        {
            return false;
        }

        if (block.Length < 50 && Boilerplate().IsMatch(block.Text) || LooksLikeMarkup(block.Text))
        {
            return false;
        }

        return true;
    }

    /// <summary>Escaped markup shown as text ("&lt;div class=…&gt;"); Korean and Russian titles in angle brackets are text.</summary>
    private static bool LooksLikeMarkup(string text) =>
        text.Length > 2 && text[0] == '<' && (char.IsAsciiLetter(text[1]) || text[1] is '/' or '!') && text.Contains('>', StringComparison.Ordinal);

    // No article is longer than a book chapter; beyond this a page is a dump (or an attack) and we keep the start, so
    // sanitising and summarising stay fast.
    private const int MaxBodyChars = 256 * 1024;

    private static void Cap(List<ContentBlock> chosen)
    {
        var total = 0;
        for (var i = 0; i < chosen.Count; i++)
        {
            total += chosen[i].Length;
            if (total > MaxBodyChars)
            {
                var first = chosen[i];
                chosen.RemoveRange(i, chosen.Count - i);
                if (chosen.Count == 0 && first.Kind != BlockKind.Image)
                {
                    // One giant block (a flattened, hopelessly nested page): keep its beginning as plain text.
                    var cut = first.Text.LastIndexOf(' ', MaxBodyChars);
                    var text = first.Text[..(cut > 0 ? cut : MaxBodyChars)];
                    chosen.Add(new ContentBlock
                    {
                        Owner = first.Owner,
                        Kind = first.Kind,
                        Tag = first.Tag,
                        Text = text,
                        InlineHtml = System.Net.WebUtility.HtmlEncode(text),
                        LinkChars = 0,
                        Good = first.Good,
                    });
                }

                return;
            }
        }
    }

    /// <summary>
    /// Captions that templates set without figure markup: a short text that shares a small box with a picture (the
    /// picture in its own element beside it), or a short line crediting a photo ("Foto: …", "© …").
    /// </summary>
    private static void MarkCaptions(List<ContentBlock> chosen, BlockWalker walker, double[] good, double[] bad)
    {
        int[]? images = null;
        int[]? headings = null;
        for (var k = 0; k < chosen.Count; k++)
        {
            var block = chosen[k];
            if (block.Kind is BlockKind.Image or BlockKind.Caption or BlockKind.Heading || block.Length > MaxCaptionChars)
            {
                continue;
            }

            var caption = block.Length <= MaxCreditChars && CreditLine().IsMatch(block.Text);
            if (!caption)
            {
                images ??= TagCounts(walker, static tag => tag == "img");
                headings ??= TagCounts(walker, static tag => tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6");
                var own = images[walker.Ends[block.Owner] + 1] - images[block.Owner];
                var box = block.Owner;
                for (var level = 0; level < MaxCaptionLevels; level++)
                {
                    box = walker.Parents[box];
                    if (box < 0 || good[box] + bad[box] > MaxCaptionBoxChars)
                    {
                        break;
                    }

                    var inBox = images[walker.Ends[box] + 1] - images[box];
                    if (inBox > own)
                    {
                        // A box with a heading is a header or a teaser card: its text is a lead, not a caption.
                        caption = inBox - own == 1 && headings![walker.Ends[box] + 1] == headings[box];
                        break;
                    }
                }
            }

            if (caption)
            {
                chosen[k] = new ContentBlock
                {
                    Owner = block.Owner,
                    Kind = BlockKind.Caption,
                    Tag = block.Tag,
                    Text = block.Text,
                    InlineHtml = block.InlineHtml,
                    LinkChars = block.LinkChars,
                    EmphasisChars = block.EmphasisChars,
                    Good = false,
                };
            }
        }
    }

    /// <summary>Number of elements of the given tags before each element index (prefix sums, one pass).</summary>
    private static int[] TagCounts(BlockWalker walker, Func<string, bool> match)
    {
        var count = walker.Elements.Count;
        var counts = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            counts[i + 1] = counts[i] + (match(walker.Tags[i]) ? 1 : 0);
        }

        return counts;
    }

    private const int MaxCaptionChars = 200;
    private const int MaxCreditChars = 160;
    private const int MaxCaptionBoxChars = 300;
    private const int MaxCaptionLevels = 3;

    /// <summary>
    /// The element that holds most of the article's running text; what follows its last paragraph and starts with a
    /// heading or a label ("More on this", "Über den Autor") is another box: related stories, an author box, a call to
    /// action. A box shaped like the main one (same tag and class) continues the article instead.
    /// </summary>
    private static void DropTrailingBox(List<ContentBlock> chosen, BlockWalker walker)
    {
        var total = 0;
        var top = -1;
        foreach (var block in chosen)
        {
            if (block.Good && block.Kind != BlockKind.Image)
            {
                total += block.Length;
                top = top < 0 ? block.Owner : Common(walker, top, block.Owner);
            }
        }

        if (total == 0)
        {
            return;
        }

        // Descend while one child holds most of the running text.
        var main = top;
        while (true)
        {
            var next = -1;
            var held = 0;
            foreach (var block in chosen)
            {
                if (!block.Good || block.Kind == BlockKind.Image || block.Owner == main || !Inside(walker, main, block.Owner))
                {
                    continue;
                }

                var child = ChildToward(walker, main, block.Owner);
                if (next < 0 || child == next)
                {
                    next = child;
                    held += block.Length;
                }
            }

            if (next < 0 || held < MainShare * total)
            {
                break;
            }

            main = next;
        }

        var last = chosen.FindLastIndex(b => b.Good && b.Kind != BlockKind.Image && Inside(walker, main, b.Owner));
        var start = last + 1;
        while (start < chosen.Count && chosen[start].Kind == BlockKind.Image)
        {
            start++;
        }

        if (last < 0 || start >= chosen.Count)
        {
            return;
        }

        var head = chosen[start];
        var headingLike = head.Kind == BlockKind.Heading || (head.Kind == BlockKind.Paragraph && head.Length < MaxLabelLineChars && !EndsStatement(head.Text));
        var trailing = 0;
        for (var i = start; i < chosen.Count; i++)
        {
            trailing += chosen[i].Good ? chosen[i].Length : 0;
        }

        if (!headingLike || trailing > MaxTrailingShare * total)
        {
            return;
        }

        // A heading inside the main element is the article's own (a closing section, a sign-off); a box shaped like the
        // main one is the article's next section.
        if (Inside(walker, main, head.Owner))
        {
            return;
        }

        var common = Common(walker, main, head.Owner);
        if (Similar(walker.Elements[ChildToward(walker, common, main)], walker.Elements[ChildToward(walker, common, head.Owner)]))
        {
            return;
        }

        chosen.RemoveRange(start, chosen.Count - start);
    }

    private const double MainShare = 0.8;
    private const double MaxTrailingShare = 0.25;
    private const int MaxLabelLineChars = 80;

    private static bool Inside(BlockWalker walker, int element, int node) => node >= element && node <= walker.Ends[element];

    /// <summary>The lowest element holding both.</summary>
    private static int Common(BlockWalker walker, int a, int b)
    {
        while (a >= 0 && !Inside(walker, a, b))
        {
            a = walker.Parents[a];
        }

        return a < 0 ? 0 : a;
    }

    /// <summary>The child of <paramref name="ancestor"/> on the way down to <paramref name="node"/>.</summary>
    private static int ChildToward(BlockWalker walker, int ancestor, int node)
    {
        while (node >= 0 && walker.Parents[node] != ancestor && node != ancestor)
        {
            node = walker.Parents[node];
        }

        return node < 0 ? ancestor : node;
    }

    private const int MaxNoteChars = 120;

    // A list closing an article (the takeaways, the conditions) is text; very short items after it are labels and tags.
    private const int MaxLabelChars = 30;

    /// <summary>Drops bylines, dates and share lines before the first and after the last content paragraph.</summary>
    private static void TrimEdges(List<ContentBlock> chosen, BlockWalker walker)
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

        // Short notes set wholly in bold or italics after the last paragraph of running text ("Follow us on …", "Submit
        // your letter via this form", "Sign up here") are the publisher's, not the article's. Longer ones (an editor's
        // note on sources, a correction) stay.
        static bool Note(ContentBlock b) => b.Emphasised && (b.Length < MaxNoteChars || b.LinkChars > 0);
        var last = chosen.FindLastIndex(b => b.Good && !Note(b));
        last = last < 0 ? chosen.FindLastIndex(b => b.Good) : last;
        for (var i = chosen.Count - 1; i > last; i--)
        {
            var block = chosen[i];
            if (block.Kind != BlockKind.Image && (block.LinkDensity > 0.3 || Note(block) || block.Kind is BlockKind.Heading || (block.Kind is BlockKind.ListItem && block.Length < MaxLabelChars)))
            {
                chosen.RemoveAt(i);
            }
            else if (block.Kind == BlockKind.Paragraph && block.Length < MaxTrailingLabelChars && !EndsStatement(block.Text)
                && walker.Parents[block.Owner] != walker.Parents[chosen[last].Owner])
            {
                chosen.RemoveAt(i);
            }
        }
    }

    // A short line closing the page without finishing a sentence is a label whose content is gone ("Related topics",
    // "Read more about:", "Category: News", "Photo: …").
    private const int MaxTrailingLabelChars = 40;

    private static bool EndsStatement(string text) => text.TrimEnd()[^1] is '.' or '!' or '?' or '…' or '"' or '»' or '”' or '。';

    /// <summary>Plain text of blocks: paragraphs separated by a blank line.</summary>
    public static string ToText(IReadOnlyList<ContentBlock> blocks)
    {
        var builder = new StringBuilder();
        foreach (var block in blocks)
        {
            // Captions describe pictures; the plain text is the article's running text (the HTML keeps them as figcaption).
            if (block.Kind is BlockKind.Image or BlockKind.Caption)
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

    [GeneratedRegex(@"itemprop=articleBody|article[-_]?body|articlebody|article[-_]?content|article[-_]?text|article__body|article__content|story[-_]?body|story[-_]?content|story[-_]?text|entry[-_]?content|entry[-_]?body|post[-_]?content|post[-_]?body|post[-_]?text|news[-_]?text|news[-_]?body|content[-_]?body|body[-_]?text|body[-_]?content|text[-_]?body|rich[-_]?text|meteredContent|paywall|td-post-content|single[-_]?content|main[-_]?text|article[-_]?main|c-entry|field-body|field-name-body|node-content", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BodyHint();

    [GeneratedRegex(@"article[-_]?body|articlebody|article[-_]?content|story[-_]?body|entry[-_]?content|post[-_]?body|post[-_]?content", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrongBodyHint();

    [GeneratedRegex(@"©|\b(?:Fotos?|Photos?|Bild|Bilder|Image|Crédits? photos?|Photo credit)\s?:", RegexOptions.CultureInvariant)]
    private static partial Regex CreditLine();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"-ad-|\bads?\b|adsbygoogle|advert|banner|breadcrumb|combx|comment|community|cookie|consent|gdpr|disqus|extra|foot|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|side-bar|skyscraper|social|share|sharing|sponsor|supplemental|pagination|pager|popup|modal|newsletter|subscribe|signup|promo|outbrain|taboola|recommend|most-?popular|trending|tags?-?list|author-?bio|byline|navbar|masthead|toolbar|widget|kommentar|komentar|placeholder", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unlikely();

    [GeneratedRegex(@"\barticle|\bbody\b|\bcontent|\bmain\b|\bpost\b|\bstory\b|\bentry\b|\btext\b|column|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex(@"^(advertisement|реклама|жарнама|share( this)?|поделиться|бөлісу|read more|подробнее|толығырақ|читайте также|сондай-ақ оқыңыз|related|see also|comments?|комментарии|пікірлер|subscribe|подписаться|print|печать|tags?:?|теги:?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boilerplate();
}
