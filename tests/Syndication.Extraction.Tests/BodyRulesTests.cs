namespace Syndication.Extraction.Tests;

/// <summary>Rules that decide which blocks of a page are the article body.</summary>
public class BodyRulesTests
{
    [Fact]
    public void Extract_KoreanParagraphStartingWithTitleBrackets_Kept()
    {
        // Korean (and some Russian) writing puts titles of works in angle brackets: that is text, not markup.
        const string Korean = "<p>&lt;숨바꼭질&gt;은 오로지 연민정 연기로 인기를 끌었던 이유리만 믿고 온갖 장면을 다 갈아 넣는 느낌이다. 하지만 그 때문에 드라마의 승부수가 금방 읽힌다.</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Korean));

        Assert.Contains("<숨바꼭질>은 오로지", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EscapedMarkupParagraph_LeftOut()
    {
        const string Markup = "<p>&lt;div class=\"widget\"&gt;&lt;/div&gt;</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Markup));

        Assert.DoesNotContain("widget", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleInsideWrapperWithAdLikeClass_FoundWithoutSidebar()
    {
        // "Page-ad-margins" looks like an ad slot by its class but wraps the whole page; the article inside it must still
        // be found by the strict pass, which leaves the newsletter box beside it out.
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid plan</title></head><body>
            <div class="Page-ad-margins"><main><h1>Grid plan</h1><div class="story">
            """ + Extractors.EnglishParagraphs + """
            </div><div class="newsletter-signup"><p>Get our daily newsletter with the stories that matter to you, delivered every morning to your inbox.</p></div>
            </main></div></body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("daily newsletter", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ElementsHiddenByUtilityClass_LeftOut()
    {
        const string Hidden = """
            <div class="email-scrim scrim-overlay hide"><p>An error has occurred while sending this article, please try again later or contact us.</p></div>
            <p class="sr-only">Share this article on social networks with your friends and colleagues today.</p>
            <p class="hidden-xs">The ministry will publish the full plan for public comment early next year.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Hidden));

        Assert.DoesNotContain("An error has occurred", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this article", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_InlineCaptionSpan_NotInText()
    {
        const string Photo = """<div class="photo"><img src="https://example.org/p.jpg" alt=""><span class="newsCaption">Protesters in the square (Image: GETTY)</span></div>""";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Photo + "<p>The ministry will publish the full plan for public comment early next year.</p>"));

        Assert.DoesNotContain("Image: GETTY", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ScriptsSvgAndCommentsAroundBody_InvisibleButJsonLdStillRead()
    {
        const string Noise = """
            <script>var html = "<p>Injected paragraph from a script string that must never show up anywhere.</p>";</script>
            <svg viewBox="0 0 10 10"><text>Icon label text inside an inline SVG that readers never see.</text></svg>
            <p>The reservoir<!-- -->will be full again by the end of the next rainy season, the ministry said.</p>
            """;
        const string Head = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"Grid plan puts wind first"}</script>""";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Noise, Head));

        Assert.Equal("Grid plan puts wind first", article.Title);
        Assert.DoesNotContain("Injected paragraph", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Icon label", article.Text, StringComparison.Ordinal);
        // An empty comment joins text exactly as a browser shows it.
        Assert.Contains("The reservoirwill be full", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_QuotedGreaterThanAndUnreadAttributes_LinksAndTextIntact()
    {
        // The pre-parse pass drops attributes nothing reads; a '>' inside a quoted value must not end the tag early.
        const string Body = """
            <p data-track='{"a":"b > c"}' onclick="go(1 > 0)">The plan was <a title="more > less" data-id="7" href="/plan/2030">published on Monday</a> by the ministry, which expects wind and solar to double.</p>
            <p class='lead' data-x=unquoted>Unquoted values and single quotes keep working for every reader of this page.</p>
            <p title="unterminated>Even a broken quote must not swallow the rest of the page, whatever a template got wrong.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Body), baseUrl: "https://example.org/news/");

        Assert.Contains("The plan was published on Monday by the ministry", article.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/plan/2030\">published on Monday</a>", article.Html, StringComparison.Ordinal);
        Assert.Contains("Unquoted values and single quotes keep working", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("b > c", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("go(1", article.Text, StringComparison.Ordinal);
    }
}
