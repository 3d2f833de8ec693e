namespace Syndication.Extraction.Tests;

public class TeaserTests
{
    private const string Teasers = """
        <h3><a href="/news/1">Regional budget passes its second reading</a></h3>
        <p>Deputies approved the spending plan after a long debate about rural roads and the hospitals they lead to.</p>
        <h3><a href="/news/2">Rail freight grows for the fourth month</a></h3>
        <p>Container traffic through the border crossing rose again, the operator said in its monthly statement.</p>
        <h3><a href="/news/3">New school opens in the northern district</a></h3>
        <p>The building has room for twelve hundred pupils and a sports hall that the neighbourhood can use in the evenings.</p>
        """;

    [Fact]
    public void Extract_LinkedHeadingTeasersInsideArticle_LeadsLeftOut()
    {
        var article = Extractors.FromHtml(Extractors.Page("<article>" + Extractors.EnglishParagraphs + Teasers + "</article>"));

        Assert.DoesNotContain("twelve hundred pupils", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("rural roads", article.Text, StringComparison.Ordinal);
        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OneLinkedHeadingMidArticle_ArticleContinues()
    {
        const string ReadAlso = """
            <h3><a href="/news/9">Read also: the grid plan a year on</a></h3>
            <p>Engineers who built the line said the winter tests went better than the ministry had expected them to go.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page("<article>" + ReadAlso + Extractors.EnglishParagraphs + "</article>"));

        Assert.Contains("winter tests went better", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ReadAlsoBoxesBetweenParagraphs_ParagraphsKept()
    {
        // Each "read also" box is its own item; the short paragraphs between them are the article, not teaser leads.
        static string Box(int n, string headline) => $"""<div class="embedded"><ul><li><h3><a href="/news/{n}">{headline}</a></h3></li></ul></div>""";
        var body = "<p>Police released the video of the rescue on Monday, a week after the trial ended.</p>"
            + Box(1, "Regional budget passes its second reading")
            + "<p>The suspect said he needed to get dressed.</p><p>Officers used a ram to open the door.</p>"
            + Box(2, "Rail freight grows for the fourth month")
            + "<p>At first there was no sign of the girl.</p>"
            + Box(3, "New school opens in the northern district")
            + "<p>Then they found her hidden in a basket.</p>"
            + Box(4, "Stadium repairs to finish before spring");
        var article = Extractors.FromHtml(Extractors.Page("<article>" + Extractors.EnglishParagraphs + body + "</article>"));

        Assert.Contains("needed to get dressed", article.Text, StringComparison.Ordinal);
        Assert.Contains("no sign of the girl", article.Text, StringComparison.Ordinal);
        Assert.Contains("hidden in a basket", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_FigureCaption_InHtmlNotInText()
    {
        var figure = """<figure><img src="https://example.org/a.jpg" alt="Dam"><figcaption>The dam in June. Photo: A. Writer</figcaption></figure>""";
        var article = Extractors.FromHtml(Extractors.Page("<article>" + Extractors.EnglishParagraphs + figure + "<p>The ministry expects the reservoir to be full again by the end of the next rainy season.</p></article>"));

        Assert.DoesNotContain("Photo: A. Writer", article.Text, StringComparison.Ordinal);
        Assert.Contains("<figcaption>The dam in June. Photo: A. Writer</figcaption>", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TickerAboveHeadline_LeftOut()
    {
        // A "breaking news" ticker of other stories sits in the same column as the article, above its headline.
        var ticker = "<ul>" + string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"""<li><a href="/news/{i}">Other story number {i} about the regional budget</a> <span>ASTANA: Deputies met again on Wednesday to argue about the spending plan for story {i}, officials said...</span></li>""")) + "</ul>";
        var html = Extractors.Page(ticker + "<h2>Grid plan puts wind first</h2>" + Extractors.EnglishParagraphs, head: "<title>Grid plan puts wind first | Institute</title>");

        var article = Extractors.FromHtml(html);

        Assert.Equal("Grid plan puts wind first", article.Title);
        Assert.DoesNotContain("Other story number", article.Text, StringComparison.Ordinal);
        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RelatedStoryCardsAsNestedArticles_LeftOut()
    {
        var cards = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"""<article class="card"><p>Card {i}: a long lead of another story that the site shows under this one, written to look like an ordinary paragraph of running text for readers.</p></article>"""));
        var html = Extractors.Page("<article class=\"post\">" + Extractors.EnglishParagraphs + "</article><section><h3>You may also like</h3>" + cards + "</section>");

        var article = Extractors.FromHtml(html);

        Assert.DoesNotContain("another story that the site shows", article.Text, StringComparison.Ordinal);
        Assert.Contains("recover the cost of the new lines", article.Text, StringComparison.Ordinal);
    }
}
