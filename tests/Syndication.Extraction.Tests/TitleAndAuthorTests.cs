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
    [InlineData("<meta name=\"author\" content=\"Veröffentlicht von Hans Gruber\">", "Hans Gruber")]
    [InlineData("<meta name=\"author\" content=\"von Mathias Klein\">", "Mathias Klein")]
    [InlineData("<meta name=\"author\" content=\"Diana Byron\">", "Diana Byron")]
    [InlineData("<meta name=\"author\" content=\"Posted\">", null)]
    [InlineData("<meta name=\"author\" content=\"publisher\">", null)]
    [InlineData("<meta name=\"author\" content=\"facebook.com/vegolosi\">", null)]
    public void Extract_AuthorMeta_CleanedToAName(string head, string? expected)
    {
        Assert.Equal(expected, Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs, head)).Author);
    }

    [Fact]
    public void Extract_JsonLdHeadlineIsADescription_PageTitleUsed()
    {
        // Wikipedia's JSON-LD "headline" is the Wikidata description; the <title> and the h1 name the article.
        var html = Extractors.Page(
            "<h1>List of rivers of Kazakhstan</h1>" + Extractors.EnglishParagraphs,
            "<title>List of rivers of Kazakhstan - Wikipedia</title><link rel=\"canonical\" href=\"https://en.wikipedia.org/wiki/List_of_rivers_of_Kazakhstan\">"
            + "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"name\":\"List of rivers of Kazakhstan\",\"headline\":\"Wikimedia list article\"}</script>");

        Assert.Equal("List of rivers of Kazakhstan", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_OgTitleRepeatsTitleWithHostName_SiteCut()
    {
        var html = Extractors.Page(Extractors.EnglishParagraphs,
            "<title>Senate passes the grid plan | The Hill</title><meta property=\"og:title\" content=\"Senate passes the grid plan | The Hill\"><link rel=\"canonical\" href=\"https://thehill.com/policy/energy/123-senate-passes\">");

        Assert.Equal("Senate passes the grid plan", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_SiteNameH1OutsideHeaderAndSubheadingTitle_TitleWithoutSiteUsed()
    {
        // The logo is an h1 in a div the reader does not know as a header; the footer's copyright names the site.
        const string html = """
            <!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Водная дипломатия в Центральной Азии — Центр стратегических исследований</title></head>
            <body><div class="top"><h1>Центр стратегических исследований</h1><a href="/analytics">Аналитика</a></div>
            <div class="content"><h2>Водная дипломатия в Центральной Азии</h2>
            <p>Автор: Руслан Байжанов</p>
            <p>Страны региона договорились о совместном управлении водными ресурсами трансграничных рек, следует из итогового документа встречи министров.</p>
            <p>Эксперты центра считают, что без общей системы учёта воды соглашение останется декларацией, и предлагают начать с установки датчиков на главных каналах.</p>
            <p>По их оценке, потери воды в старых оросительных системах достигают трети, и модернизация каналов окупится за несколько лет.</p>
            </div><footer><p>© 2024 Центр стратегических исследований. Все права защищены.</p></footer></body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Equal("Водная дипломатия в Центральной Азии", article.Title);
        Assert.Equal("Руслан Байжанов", article.Author);
        Assert.DoesNotContain("Автор:", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ShortTitleAndOneWordBodyHeading_TitleKept()
    {
        var html = Extractors.Page(Extractors.EnglishParagraphs + "<h1>Lorem</h1><p>Ipsum dolor sit amet, a placeholder paragraph left under a stray heading.</p>", "<title>Wind plan</title>");

        Assert.Equal("Wind plan", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_TitleIsOnlyTheSiteName_TitleKeptRatherThanBodyText()
    {
        // Nothing names the article but the <title>, which is the site's name: it is still better than a sentence of the body.
        const string html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Example Institute</title></head>
            <body><header class="site-header"><h1>Example Institute</h1></header><main>
            <p>LONDON — After nearly twenty years of hostile relations, the two neighbours signed a water-sharing treaty on Monday.</p>
            <p>The treaty sets quotas for each growing season and creates a joint commission that will meet twice a year to settle disputes.</p>
            <p>Farmers on both sides of the border welcomed the deal, which ends a decade of shortages in the lower reaches of the river.</p>
            </main></body></html>
            """;

        Assert.Equal("Example Institute", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_TitleWithAngleQuoteSeparatorAndHost_SiteCut()
    {
        var html = Extractors.Page(Extractors.EnglishParagraphs,
            "<title>Churches stay open under strict rules › evang.at</title><link rel=\"canonical\" href=\"https://evang.at/churches-stay-open/\">");

        Assert.Equal("Churches stay open under strict rules", Extractors.FromHtml(html).Title);
    }

    [Fact]
    public void Extract_EmptyTitleElementBeforeRealOne_RealTitleUsed()
    {
        var html = Extractors.Page(Extractors.EnglishParagraphs, "<title></title><title>Grid operator plans a wind build-out</title>");

        Assert.Equal("Grid operator plans a wind build-out", Extractors.FromHtml(html).Title);
    }

    [Theory]
    [InlineData("<p>By Jane Doe | November 11, 2024</p>", "Jane Doe")]
    [InlineData("<p>Авторы: Айгүл Сейітова</p>", "Айгүл Сейітова")]
    [InlineData("<p>홍길동 기자 입력 2024.11.11 10:20</p>", "홍길동")]
    [InlineData("<p>작성자: 김민지</p>", "김민지")]
    public void Extract_BylineLineInBody_AuthorReadAndLineRemoved(string line, string author)
    {
        var article = Extractors.FromHtml(Extractors.Page("<h1>Grid operator plans a wind build-out</h1>" + line + Extractors.EnglishParagraphs));

        Assert.Equal(author, article.Author);
        Assert.DoesNotContain(author, article.Text, StringComparison.Ordinal);
        Assert.StartsWith("Kazakhstan's grid operator", article.Text, StringComparison.Ordinal);
    }
}
