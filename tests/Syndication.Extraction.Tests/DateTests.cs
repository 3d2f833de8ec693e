using Syndication.Extraction.Text;

namespace Syndication.Extraction.Tests;

/// <summary>Dates as readers see them in every language we publish or receive, and the first publication told from a revision.</summary>
public class DateTests
{
    [Theory]
    [InlineData("2024년 11월 11일", "2024-11-11T00:00")]
    [InlineData("입력 2024.11.11 10:20", "2024-11-11T10:20")]
    [InlineData("2024. 11. 11. 오후 3:05", "2024-11-11T15:05")]
    [InlineData("2024年11月11日", "2024-11-11T00:00")]
    [InlineData("11 ноября 2024", "2024-11-11T00:00")]
    [InlineData("11 қараша 2024", "2024-11-11T00:00")]
    [InlineData("2024 жылғы 11 қараша", "2024-11-11T00:00")]
    [InlineData("November 11, 2024", "2024-11-11T00:00")]
    [InlineData("11.11.2024, 09:30", "2024-11-11T09:30")]
    public void ParseText_ReaderDate_Parsed(string text, string expected)
    {
        Assert.Equal(expected, DateParser.ParseText(text)?.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Опубликовано: 11.11.2024 | Последнее обновление: 12.11.2024", "2024-11-11", "2024-11-12")]
    [InlineData("Последнее обновление: 12 ноября 2024", null, "2024-11-12")]
    [InlineData("Жарияланған: 11 қараша 2024 Жаңартылған: 12 қараша 2024", "2024-11-11", "2024-11-12")]
    [InlineData("Updated: November 12, 2024", null, "2024-11-12")]
    [InlineData("입력 2024.11.11 10:20 수정 2024.11.12 09:00", "2024-11-11", "2024-11-12")]
    [InlineData("Published November 11, 2024", "2024-11-11", null)]
    public void ParsePublished_LineWithRevision_RevisionNotTakenForPublication(string text, string? published, string? updated)
    {
        Assert.Equal(published, DateParser.ParsePublished(text)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(updated, DateParser.ParseUpdated(text)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Extract_TimeElementWithoutDatetime_DateReadFromText()
    {
        var article = Extractors.FromHtml(Extractors.Page("<h1>Сетевой оператор планирует ветер</h1><p class=\"meta\"><time>11 ноября 2024</time></p>" + Extractors.EnglishParagraphs, lang: "ru"));

        Assert.Equal(new DateTimeOffset(2024, 11, 11, 0, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void Extract_PublishedAndLastUpdatedLines_BothReadNeitherInText()
    {
        var article = Extractors.FromHtml(Extractors.Page(
            "<h1>Тарифы на электроэнергию вырастут</h1><p>Опубликовано: 11 ноября 2024, 10:20</p>" + Extractors.EnglishParagraphs + "<p>Последнее обновление: 12 ноября 2024, 08:15</p>"));

        Assert.Equal(new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(new DateTimeOffset(2024, 11, 12, 8, 15, 0, TimeSpan.Zero), article.Updated);
        Assert.DoesNotContain("Опубликовано", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Последнее обновление", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OnlyLastUpdatedLine_NotTakenAsPublished()
    {
        var article = Extractors.FromHtml(Extractors.Page(
            "<h1>Жел электр станциялары</h1><p>Жаңартылған: 12 қараша 2024</p>" + Extractors.EnglishParagraphs, lang: "kk"));

        Assert.Null(article.Published);
        Assert.Equal(new DateTimeOffset(2024, 11, 12, 0, 0, 0, TimeSpan.Zero), article.Updated);
        Assert.DoesNotContain("Жаңартылған", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_KoreanDateLine_PublishedReadAndLineRemoved()
    {
        var article = Extractors.FromHtml(Extractors.Page(
            "<h1>풍력 발전 확대 계획 발표</h1><p>기사입력 2024년 11월 11일 10:20</p>" + Extractors.EnglishParagraphs, lang: "ko"));

        Assert.Equal(new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero), article.Published);
        Assert.DoesNotContain("2024년", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>By 2030, the plant will supply a fifth of the region's power, the ministry said.</p>")]
    [InlineData("<p>On 11 November 2024 the parliament voted to raise tariffs for industrial users by a tenth.</p>")]
    public void Extract_SentenceWithDateOrBy_KeptInText(string paragraph)
    {
        var article = Extractors.FromHtml(Extractors.Page("<h1>Grid operator plans a wind build-out</h1>" + paragraph + Extractors.EnglishParagraphs));

        Assert.StartsWith(paragraph[3..30], article.Text, StringComparison.Ordinal);
    }
}
