using System.Net;
using HtmlAgilityPack;

namespace Syndication.Extraction.Html;

/// <summary>
/// Language-switcher links inside <c>&lt;nav&gt;</c> menus, which <see cref="HtmlPrefilter"/> removes before the page is
/// parsed. Most CMS themes put the switcher in the header's navigation, so the raw page is searched for
/// <c>&lt;nav&gt;</c> elements that hold a <c>lang=</c> or <c>hreflang=</c> attribute at all (the rest, most menus, cost
/// one string search), and only those are parsed, with the same rule as a switcher elsewhere on the page.
/// </summary>
internal static class NavSwitcherLinks
{
    /// <summary>A menu larger than this is not parsed: no language switcher is that long.</summary>
    private const int MaxMenuChars = 200_000;

    public static void Read(string html, PageMetadata meta)
    {
        for (var index = 0; index < html.Length;)
        {
            var start = html.IndexOf("<nav", index, StringComparison.OrdinalIgnoreCase);
            if (start < 0 || start + 4 >= html.Length)
            {
                return;
            }

            if (!(char.IsWhiteSpace(html[start + 4]) || html[start + 4] is '>' or '/'))
            {
                index = start + 4;
                continue; // <navigation>, <nav-bar>: not a nav element
            }

            var end = html.IndexOf("</nav", start, StringComparison.OrdinalIgnoreCase);
            end = end < 0 ? html.Length : end;
            var menu = html.AsSpan(start, end - start);
            if (menu.Length <= MaxMenuChars && menu.Contains("lang=", StringComparison.OrdinalIgnoreCase))
            {
                var document = new HtmlDocument();
                document.LoadHtml(menu.ToString());
                foreach (var link in document.DocumentNode.Descendants("a"))
                {
                    if (MetadataReader.SwitcherLanguage(link) is { } language && link.GetAttributeValue("href", null) is { } href)
                    {
                        meta.SwitcherLinks.Add((language, WebUtility.HtmlDecode(href.Trim())));
                    }
                }
            }

            index = end + 5;
        }
    }
}
