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
}
