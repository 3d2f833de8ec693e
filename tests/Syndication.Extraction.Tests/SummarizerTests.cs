using Syndication.Core.Articles;
using Syndication.Extraction.Summaries;

namespace Syndication.Extraction.Tests;

public class SummarizerTests
{
    private static readonly SentenceSummarizer Summarizer = new();

    private static ExtractedArticle Article(string text, string? description = null, string language = "en") => new()
    {
        Title = "Title",
        Text = text,
        Html = "",
        Summary = "",
        Description = description,
        Language = language,
    };

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones at 3.5 p.m. on Monday. They agreed on a plan. The plan was later published.", "Mr. Smith met Dr. Jones at 3.5 p.m. on Monday.", 60)]
    [InlineData("Президент Қ.-Ж. Тоқаев и А. Смаилов обсудили рост на 4.8% в т.ч. в энергетике. Второе предложение здесь.", "Президент Қ.-Ж. Тоқаев и А. Смаилов обсудили рост на 4.8% в т.ч. в энергетике.", 90)]
    [InlineData("2024 ж. қарашада үкімет жаңа бағдарламаны бекітті. Екінші сөйлем осында.", "2024 ж. қарашада үкімет жаңа бағдарламаны бекітті.", 60)]
    [InlineData("«Мы готовы. Мы ждём», — сказал министр. Потом он ушёл.", "«Мы готовы. Мы ждём», — сказал министр.", 45)]
    public void Summarize_AbbreviationsInitialsDecimalsQuotes_KeepsWholeSentences(string text, string expected, int maxChars)
    {
        var summary = Summarizer.Summarize(Article(text), maxChars);

        Assert.Equal(expected, summary);
    }

    [Fact]
    public void Summarize_FirstSentenceLongerThanLimit_CutsAtWordWithEllipsis()
    {
        var text = "The institute's annual review of regional energy markets covers electricity, gas and oil in five countries.";

        var summary = Summarizer.Summarize(Article(text), 40);

        Assert.True(summary.Length <= 40, summary);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.True(text.StartsWith(summary[..^1], StringComparison.Ordinal), summary);
        Assert.Equal(' ', text[summary.Length - 1]);
    }

    [Fact]
    public void Summarize_RealDescription_PrefersDescription()
    {
        var description = "The report finds that regional grids need twelve billion dollars of investment before 2030 to connect new wind farms.";

        var summary = Summarizer.Summarize(Article("Lead sentence of the body. Another one.", description), 600);

        Assert.Equal(description, summary);
    }

    [Theory]
    [InlineData("Analysis and news")]
    [InlineData("The report finds that regional grids need twelve billion dollars of investment before...")]
    public void Summarize_ShortOrTruncatedDescription_UsesLead(string description)
    {
        var summary = Summarizer.Summarize(Article("Lead sentence of the body. Another one.", description), 600);

        Assert.Equal("Lead sentence of the body. Another one.", summary);
    }

    [Fact]
    public void Summarize_KoreanWithoutSpaces_NeverSplitsCharacters()
    {
        var text = new string('한', 300) + ". 두 번째 문장.";

        var summary = Summarizer.Summarize(Article(text, language: "ko"), 100);

        Assert.True(summary.Length <= 100, summary);
        Assert.DoesNotContain('\uFFFD', summary);
    }
}
