using System.Text;
using Syndication.Core;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

/// <summary>Ingest limits and the http(s)-only rule, applied to every format by the extractor.</summary>
public class ArticleLimitsTests
{
    private static ExtractedArticle Markdown(string markdown, string name = "post.md") =>
        Extractors.Default.Extract(new ArticleSource(name, Encoding.UTF8.GetBytes(markdown)));

    [Fact]
    public void Extract_ThreeMegabyteMarkdownWithThousandTags_BodyAndTagsCappedAndSaid()
    {
        var markdown = new StringBuilder("---\ntitle: A very long report\nlanguage: en\ntags:\n");
        for (var i = 0; i < 1000; i++)
        {
            markdown.Append("  - topic ").Append(i).Append('\n');
        }

        markdown.Append("---\n\n");
        var paragraph = 0;
        while (markdown.Length < 3_100_000)
        {
            markdown.Append("Paragraph ").Append(paragraph++).Append(" of the report on transmission lines across the steppe, with **numbers** and a [link](https://news.example/p).\n\n");
        }

        var article = Markdown(markdown.ToString());
        var limits = new IngestOptions();

        Assert.True(article.Html.Length <= limits.MaxBodyChars, $"html is {article.Html.Length:N0} characters");
        Assert.True(article.Text.Length <= limits.MaxBodyChars, $"text is {article.Text.Length:N0} characters");
        Assert.True(article.Html.Length > limits.MaxBodyChars / 2, "the cut keeps most of what fits");
        Assert.EndsWith("</p>", article.Html, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"topic {i}"), article.Tags);
        Assert.NotNull(article.Limits);
        Assert.Contains(article.Limits, l => l.Contains("1,000 tags were given; the first 20 were kept", StringComparison.Ordinal));
        Assert.Contains(article.Limits, l => l.StartsWith("The body HTML was cut", StringComparison.Ordinal));
        Assert.Contains(article.Limits, l => l.StartsWith("The body text was cut", StringComparison.Ordinal));
        Assert.True(article.Summary.Length <= limits.SummaryMaxChars);
    }

    [Fact]
    public void Extract_HtmlWithHundredsOfTagMetasAndOverlongTag_CappedPerOptions()
    {
        var metas = string.Concat(Enumerable.Range(0, 300).Select(i => $"<meta property=\"article:tag\" content=\"tag{i}\">"));
        metas = $"<meta property=\"article:tag\" content=\"{new string('x', 500)}\">" + metas;
        var options = new IngestOptions { MaxTags = 5, MaxTagLength = 40 };

        var article = ArticleExtractor.Create(options).Extract(new ArticleSource("tags.html", Encoding.UTF8.GetBytes(Extractors.Page("<h1>Tags galore</h1>" + Extractors.EnglishParagraphs, "<title>Tags galore</title>" + metas))));

        Assert.Equal(5, article.Tags.Count);
        Assert.All(article.Tags, t => Assert.True(t.Length <= 40, $"tag of {t.Length} characters"));
        Assert.Contains(article.Limits!, l => l.Contains("tags were given; the first 5 were kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_LongDuplicateAndBlankTags_CutDeduplicatedAndSaid()
    {
        var article = new ExtractedArticle
        {
            Title = "t",
            Text = "x",
            Html = "<p>x</p>",
            Summary = "",
            Tags = [new string('x', 500), "Energy", "energy", " ", "C++", "C#", "C"],
            CanonicalUrl = "javascript:alert(document.domain)//",
            Image = "https://news.example/i.png",
        };

        var limited = ArticleLimits.Apply(article, new IngestOptions { MaxTags = 4, MaxTagLength = 40 });

        Assert.Equal([new string('x', 40), "Energy", "C++", "C#"], limited.Tags);
        Assert.Null(limited.CanonicalUrl);
        Assert.Equal("https://news.example/i.png", limited.Image);
        Assert.Contains(limited.Limits!, l => l.Contains("cut to 40 characters", StringComparison.Ordinal));
        Assert.Contains(limited.Limits!, l => l.StartsWith("5 tags were given; the first 4 were kept", StringComparison.Ordinal));
        Assert.Contains(limited.Limits!, l => l.StartsWith("The canonical URL was dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_OneHugeParagraph_CutBelowLimitAndWellFormed()
    {
        var html = "<p>" + string.Concat(Enumerable.Repeat("The grid plan puts <b>wind</b> first. ", 20_000)) + "</p>";
        var article = new ExtractedArticle { Title = "t", Text = "x", Html = html, Summary = "" };

        var limited = ArticleLimits.Apply(article, new IngestOptions { MaxBodyChars = 10_000 });

        Assert.InRange(limited.Html.Length, 2_500, 10_000);
        Assert.StartsWith("<p>The grid plan", limited.Html, StringComparison.Ordinal);
        Assert.EndsWith("</p>", limited.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MarkdownJavascriptCanonicalImageAndLinks_NoneLeaveAsUrls()
    {
        var article = Markdown("""
            ---
            title: Budget hearing
            canonical: "javascript:alert(document.domain)//"
            image: "javascript:alert(1)"
            tags: [budget]
            ---

            The deputies questioned the finance minister about the deficit for three hours on Tuesday, and asked why transfers keep growing.

            Analysts say the [fiscal rule](javascript:alert(2)) should be tightened, and [write to us](mailto:desk@news.example) or [read more](https://news.example/more).

            ![chart](javascript:alert(3))
            """);

        Assert.Null(article.CanonicalUrl);
        Assert.Null(article.Image);
        Assert.DoesNotContain("javascript:", article.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"mailto:desk@news.example\"", article.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://news.example/more\"", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HtmlDataUriImageAndRelativeCanonical_Dropped()
    {
        var head = "<title>Grid plan</title><link rel=\"canonical\" href=\"data:text/html,<script>alert(1)</script>\"><meta property=\"og:image\" content=\"data:image/svg+xml,<svg onload=alert(1)>\">";

        var article = Extractors.FromHtml(Extractors.Page("<h1>Grid plan</h1>" + Extractors.EnglishParagraphs, head));

        Assert.Null(article.CanonicalUrl);
        Assert.True(article.Image is null || OutboundUrl.IsAllowed(article.Image), $"image '{article.Image}'");
    }

    [Theory]
    [InlineData("https://news.example/a", true)]
    [InlineData("http://news.example/a", true)]
    [InlineData("  https://news.example/a ", true)]
    [InlineData("javascript:alert(document.domain)//", false)]
    [InlineData("JAVASCRIPT:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("/articles/a", false)]
    [InlineData("mailto:desk@news.example", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("", false)]
    public void IsAllowed_Url_OnlyAbsoluteHttp(string url, bool allowed) =>
        Assert.Equal(allowed, OutboundUrl.IsAllowed(url));
}
