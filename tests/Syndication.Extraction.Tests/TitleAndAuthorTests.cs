namespace Syndication.Extraction.Tests;

/// <summary>The title is the article's own headline, never the site's or a section's name; the author is a name, not a date or a link label.</summary>
public class TitleAndAuthorTests
{
    [Theory]
    [InlineData("<meta property=\"og:site_name\" content=\"CNN\"><meta property=\"og:title\" content=\"Why the grid plan matters - CNNPolitics\">", "Why the grid plan matters")]
    [InlineData("<meta property=\"og:site_name\" content=\"TheHill\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Grid plan passes | TheHill\"}</script>", "Grid plan passes")]
    public void Extract_SiteSuffixOnHeadline_Stripped(string head, string expected)
    {
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs, head));

        Assert.Equal(expected, article.Title);
    }

    [Fact]
    public void Extract_ShortSectionH1AgreeingWithTitleEnd_ArticleH1Chosen()
    {
        // The <title> ends with "Reviews" and the comment block below the article has an h1 "Reviews".
        var html = Extractors.Page(
            "<h1>Atkins diet: losing up to ten kilograms in two weeks</h1>" + Extractors.EnglishParagraphs + "<h1>Reviews</h1>",
            "<title>Atkins diet (14 days) - losing up to 10 kg. Reviews</title>");

        Assert.Equal("Atkins diet: losing up to ten kilograms in two weeks", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_OnlyH1IsSiteNameInAnotherScript_TitleTagUsed()
    {
        var html = Extractors.Page("<h1>엔터 미디어</h1>" + Extractors.EnglishParagraphs, "<title>악녀의 덫에 걸린 이유리, 의외로 막장극 어울리는 남상미 - Entermedia</title>");

        Assert.Equal("악녀의 덫에 걸린 이유리, 의외로 막장극 어울리는 남상미", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_MicrodataHeadlineIsBlogName_OgTitleUsed()
    {
        var html = Extractors.Page(
            "<div itemscope itemtype=\"https://schema.org/Blog\"><span itemprop=\"headline\">Blog - Latest News</span></div>" + Extractors.EnglishParagraphs,
            "<meta property=\"og:site_name\" content=\"Jeongdong Theater\"><meta property=\"og:title\" content=\"More Reviews from Our Visitors! - Jeongdong Theater\">");

        Assert.Equal("More Reviews from Our Visitors!", Extractors.FromHtml(html).Title);
    }

    [Theory]
    [InlineData("<meta name=\"author\" content=\"Analysis by Chris Cillizza, CNN Editor-at-large\">", "Chris Cillizza, CNN Editor-at-large")]
    [InlineData("<meta name=\"author\" content=\"Jose Altoveros View More Articles\">", "Jose Altoveros")]
    [InlineData("<meta name=\"author\" content=\"NOVEMBER 20, 2019 10:43\">", null)]
    [InlineData("<meta name=\"author\" content=\"Theresa May\">", "Theresa May")]
    public void Extract_AuthorMeta_CleanedToAName(string head, string? expected)
    {
        Assert.Equal(expected, Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs, head)).Author);
    }
}
