using System.Text;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

/// <summary>The extractor as the pipeline builds it, plus small helpers for tests.</summary>
internal static class Extractors
{
    public static readonly ArticleExtractor Default = ArticleExtractor.Create();

    public static ExtractedArticle FromHtml(string html, string name = "page.html", string? contentType = null, string? baseUrl = null) =>
        Default.Extract(new ArticleSource(name, Encoding.UTF8.GetBytes(html), contentType, baseUrl is null ? null : new Uri(baseUrl)));

    public static ExtractedArticle FromBytes(byte[] bytes, string name = "page.html", string? contentType = null, string? baseUrl = null) =>
        Default.Extract(new ArticleSource(name, bytes, contentType, baseUrl is null ? null : new Uri(baseUrl)));

    /// <summary>A plain article page around <paramref name="body"/>, with enough text to be recognised as an article.</summary>
    public static string Page(string body, string head = "", string lang = "en") => $$"""
        <!DOCTYPE html>
        <html lang="{{lang}}"><head><meta charset="utf-8">{{head}}</head>
        <body>
        <header class="site-header"><a href="/">Institute</a><nav><a href="/a">Analytics</a> <a href="/b">Events</a></nav></header>
        <main><article>{{body}}</article></main>
        <footer><p>© Institute. All rights reserved. Contact us at the address below, we read every letter.</p></footer>
        </body></html>
        """;

    public const string EnglishParagraphs = """
        <p>Kazakhstan's grid operator expects wind and solar plants to supply a fifth of the country's electricity by the end of the decade, according to a new planning document.</p>
        <p>The plan assumes that coal-fired stations in the north will keep running as a reserve, while new transmission lines carry power from the windy steppe to the industrial south.</p>
        <p>Economists at the institute argue that tariffs will need to rise gradually so that investors can recover the cost of the new lines without sudden shocks for households.</p>
        """;
}
