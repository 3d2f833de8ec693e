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
}
