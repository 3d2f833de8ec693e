using Syndication.Core.Articles;
using Syndication.Extraction.Html;

namespace Syndication.Extraction.Tests;

public class SanitizerTests
{
    private static readonly string Hostile = File.ReadAllText(Path.Combine(Paths.Fixtures, "hostile.html"));

    [Theory]
    [InlineData("<script")]
    [InlineData("<iframe")]
    [InlineData("<form")]
    [InlineData("<style")]
    [InlineData("<svg")]
    [InlineData("<object")]
    [InlineData("onclick")]
    [InlineData("onerror")]
    [InlineData("onmouseover")]
    [InlineData("javascript:")]
    [InlineData("position:")]
    [InlineData("style=")]
    [InlineData("\u0001")]
    [InlineData("\u000B")]
    public void Extract_HostilePage_HtmlHasNoDangerousConstruct(string construct)
    {
        var article = Extractors.FromHtml(Hostile, "hostile.html");

        Assert.False(article.Html.Contains(construct, StringComparison.OrdinalIgnoreCase), $"hostile.html: html still contains '{construct}':\n{article.Html}");
        Assert.False(article.Text.Contains(construct, StringComparison.Ordinal) && construct.Length == 1, $"hostile.html: text still contains control character U+{(int)construct[0]:X4}");
    }

    [Fact]
    public void Extract_RelativeLinksAndImages_AbsoluteAgainstCanonical()
    {
        var article = Extractors.FromHtml(Hostile, "hostile.html", baseUrl: "https://other.example/base/");

        Assert.Contains("href=\"https://example.org/en/reports/\"", article.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://example.org/en/media/chart.png\"", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoCanonical_LinksAbsoluteAgainstBaseUrl()
    {
        var html = Extractors.Page(Extractors.EnglishParagraphs + "<p>See the <a href=\"reports/grid.pdf\">full report</a> and <img src=\"/media/grid.png\" alt=\"Grid\"> the map, which we drew from the operator's own data.</p>");

        var article = Extractors.FromHtml(html, baseUrl: "https://steppe-policy.example/articles/grid.html");

        Assert.Contains("href=\"https://steppe-policy.example/articles/reports/grid.pdf\"", article.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://steppe-policy.example/media/grid.png\"", article.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p onclick=\"x()\">text</p>", "<p>text</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<p style=\"position:absolute\">t</p>", "<p>t</p>")]
    [InlineData("<img src=\"x.png\" onerror=\"a()\">", "<img src=\"https://example.org/x.png\">")]
    public void Sanitize_HostileFragment_KeepsOnlySafeMarkup(string input, string expected)
    {
        Assert.Equal(expected, HtmlOutput.Sanitize(input, "https://example.org/"));
    }

    [Theory]
    [InlineData("<p><b>Bold start <div>inner block of text that belongs to the article body itself.</div> tail</b> of it.</p>")]
    [InlineData("<p><a href=\"/a\">outer <a href=\"/b\">inner</a> link</a> in a sentence that carries on for a while.</p>")]
    [InlineData("<p><em>Emphasis <p>that a careless editor never closed in the paragraph it opened in.</p>")]
    public void Extract_InlineTagsAcrossBlocks_HtmlIsWhatTheSanitizerWouldKeep(string fragment)
    {
        // Extracted bodies skip HtmlSanitizer because the writer is safe by construction; this holds it to that.
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + fragment), baseUrl: "https://example.org/");

        Assert.Equal(HtmlOutput.Sanitize(article.Html, "https://example.org/"), article.Html);
    }

    [Fact]
    public void Extract_EveryFixture_HtmlIsWhatTheSanitizerWouldKeep()
    {
        foreach (var file in Directory.GetFiles(Paths.Samples, "*.html").Concat(Directory.GetFiles(Paths.Fixtures, "*.html")))
        {
            ExtractedArticle article;
            try
            {
                article = Extractors.FromBytes(File.ReadAllBytes(file), Path.GetFileName(file));
            }
            catch (ExtractionException)
            {
                continue;
            }

            Assert.True(HtmlOutput.Sanitize(article.Html, article.CanonicalUrl) == article.Html, $"{Path.GetFileName(file)}: the sanitiser would change the extracted html");
        }
    }
}
