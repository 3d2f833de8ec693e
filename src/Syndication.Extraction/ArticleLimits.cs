using System.Globalization;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Extraction.Html;

namespace Syndication.Extraction;

/// <summary>
/// The one place where ingest limits and the outbound URL rule are applied to an extracted article, whatever its
/// format: body length, tag count and length, feed scopes, http(s)-only canonical and image. What is cut is said
/// in <see cref="ExtractedArticle.Limits"/>, so the entry and the operator page can show it.
/// </summary>
public static class ArticleLimits
{
    private static readonly string[] BlockEnds = ["</p>", "</li>", "</ul>", "</ol>", "</blockquote>", "</figure>", "</pre>", "</table>", "</h2>", "</h3>", "</h4>"];

    public static ExtractedArticle Apply(ExtractedArticle article, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();

        var canonical = OutboundUrl.OrNull(article.CanonicalUrl);
        if (article.CanonicalUrl is not null && canonical is null)
        {
            notes.Add("The canonical URL was dropped: only absolute http(s) URLs are published.");
        }

        var image = OutboundUrl.OrNull(article.Image);
        if (article.Image is not null && image is null)
        {
            notes.Add("The image URL was dropped: only absolute http(s) URLs are published.");
        }

        var tags = LimitTags(article.Tags, options, notes);
        var text = article.Text;
        if (text.Length > options.MaxBodyChars)
        {
            text = CutText(text, options.MaxBodyChars);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The body text was cut from {article.Text.Length:N0} to {text.Length:N0} characters (Ingest:MaxBodyChars = {options.MaxBodyChars:N0})."));
        }

        var html = article.Html;
        if (html.Length > options.MaxBodyChars)
        {
            html = CutHtml(html, options.MaxBodyChars);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The body HTML was cut from {article.Html.Length:N0} to {html.Length:N0} characters (Ingest:MaxBodyChars = {options.MaxBodyChars:N0})."));
        }

        return article with
        {
            CanonicalUrl = canonical,
            Image = image,
            Tags = tags,
            Text = text,
            Html = html,
            Limits = notes.Count == 0 ? article.Limits : [.. article.Limits ?? [], .. notes],
        };
    }

    /// <summary>A summary no longer than the limit, cut at a word boundary (summarisers should already keep it).</summary>
    public static string LimitSummary(string summary, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Length <= maxChars)
        {
            return summary;
        }

        var cut = summary[..SafeEnd(summary, maxChars - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > maxChars / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }

    private static List<string> LimitTags(IReadOnlyList<string> tags, IngestOptions options, List<string> notes)
    {
        var kept = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var shortened = 0;
        var distinct = 0;
        var allowed = Math.Min(options.MaxTags, options.MaxFeedScopesPerArticle - 2);
        foreach (var raw in tags)
        {
            var tag = raw.Trim();
            if (tag.Length > options.MaxTagLength)
            {
                tag = tag[..SafeEnd(tag, options.MaxTagLength)].TrimEnd();
                shortened++;
            }

            if (tag.Length == 0 || !seen.Add(tag))
            {
                continue;
            }

            distinct++;
            if (kept.Count < allowed)
            {
                kept.Add(tag);
            }
        }

        if (distinct > kept.Count)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{distinct:N0} tags were given; the first {kept.Count} were kept (Ingest:MaxTags = {options.MaxTags}, Ingest:MaxFeedScopesPerArticle = {options.MaxFeedScopesPerArticle})."));
        }

        if (shortened > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{shortened} tag(s) were cut to {options.MaxTagLength} characters (Ingest:MaxTagLength)."));
        }

        return kept;
    }

    /// <summary>Cuts at the last paragraph break before the limit (or the last space), never inside a surrogate pair.</summary>
    private static string CutText(string text, int max)
    {
        var end = SafeEnd(text, max);
        var paragraph = text.LastIndexOf("\n\n", end - 1, StringComparison.Ordinal);
        if (paragraph > max / 2)
        {
            return text[..paragraph].TrimEnd();
        }

        var space = text.LastIndexOf(' ', end - 1);
        return (space > max / 2 ? text[..space] : text[..end]).TrimEnd();
    }

    /// <summary>Cuts after the last block that ends before the limit, then sanitises again so every element is closed.</summary>
    private static string CutHtml(string html, int max)
    {
        var target = max;
        while (target > 0)
        {
            var clean = HtmlOutput.Sanitize(html[..CutPoint(html, target)], null);
            if (clean.Length <= max)
            {
                return clean;
            }

            // Closing tags the sanitiser added pushed it over: aim lower.
            target -= Math.Max(64, clean.Length - max);
        }

        return "";
    }

    private static int CutPoint(string html, int target)
    {
        var end = -1;
        foreach (var close in BlockEnds)
        {
            var from = Math.Min(target, html.Length) - close.Length;
            var at = from < 0 ? -1 : html.LastIndexOf(close, from, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                end = Math.Max(end, at + close.Length);
            }
        }

        if (end > target / 4)
        {
            return end;
        }

        // One block longer than the limit: cut before the last tag that starts below it, else at the limit.
        var tag = html.LastIndexOf('<', Math.Min(target, html.Length) - 1);
        return tag > target / 4 ? tag : SafeEnd(html, target);
    }

    private static int SafeEnd(string text, int end) =>
        end > 0 && end < text.Length && char.IsHighSurrogate(text[end - 1]) ? end - 1 : Math.Min(end, text.Length);
}
