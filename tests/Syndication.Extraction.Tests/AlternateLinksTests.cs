using System.Text;
using Syndication.Core.Articles;
using Syndication.Testing;

namespace Syndication.Extraction.Tests;

/// <summary>The translations a page names: hreflang alternates, a CMS language switcher, Markdown's translationKey.</summary>
public class AlternateLinksTests
{
    private const string Canonical = "https://steppe-policy.example/en/analytics/grid-2030/";

    [Fact]
    public void Extract_HreflangAlternates_AbsoluteLowerCaseWithoutSelfAndXDefault()
    {
        var head = $"""
            <link rel="canonical" href="{Canonical}">
            <link rel="alternate" hreflang="en" href="{Canonical}">
            <link rel="alternate" hreflang="RU-ru" href="/ru/analytics/grid-2030/">
            <link rel="alternate" hreflang="kk" href="https://steppe-policy.example/kk/analytics/grid-2030/">
            <link rel="alternate" hreflang="x-default" href="https://steppe-policy.example/analytics/grid-2030/">
            """;

        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs, head));

        Assert.Equal(
            [new ArticleAlternate("ru", "https://steppe-policy.example/ru/analytics/grid-2030/"), new ArticleAlternate("kk", "https://steppe-policy.example/kk/analytics/grid-2030/")],
            article.Alternates);
    }

    [Fact]
    public void Extract_SelfAlternateWithoutTrailingSlashOrInAnotherCase_LeftOut()
    {
        var head = $"""
            <link rel="canonical" href="{Canonical}">
            <link rel="alternate" hreflang="en-GB" href="https://Steppe-Policy.example/en/analytics/grid-2030">
            <link rel="alternate" hreflang="ru" href="https://steppe-policy.example/ru/analytics/grid-2030/">
            """;

        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs, head));

        Assert.Equal([new ArticleAlternate("ru", "https://steppe-policy.example/ru/analytics/grid-2030/")], article.Alternates);
    }

    [Fact]
    public void Extract_LanguageSwitcherLinks_AreTranslationsButHomePagesAreNot()
    {
        // A WordPress/Polylang-style switcher in the header: the Kazakh story exists, the Russian one does not (the
        // switcher then links the Russian front page).
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><link rel="canonical" href="{{Canonical}}"></head>
            <body>
            <header><div class="lang-switcher"><ul>
              <li><a lang="en-GB" href="{{Canonical}}">English</a></li>
              <li><a lang="kk-KZ" href="/kk/analytics/grid-2030/">Қазақша</a></li>
              <li><a hreflang="ru" href="/ru/">Русский</a></li>
            </ul></div></header>
            <main><article>{{Extractors.EnglishParagraphs}}</article></main>
            </body></html>
            """;

        var article = Extractors.FromHtml(page);

        Assert.Equal([new ArticleAlternate("kk", "https://steppe-policy.example/kk/analytics/grid-2030/")], article.Alternates);
    }

    [Fact]
    public void Extract_LanguageSwitcherInsideNavigationMenu_LinksAreTranslations()
    {
        // The common theme layout: the switcher sits in the header's <nav>, which the extractor drops as boilerplate.
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><link rel="canonical" href="{{Canonical}}"></head>
            <body>
            <header><nav class="main-menu" aria-label="Main">
              <ul><li><a href="/en/">Home</a></li><li><a href="/en/analytics/" lang="en">Analytics</a></li></ul>
              <ul class="language-menu">
                <li><a lang="ru-RU" href="/ru/analytics/grid-2030/">Русский</a></li>
                <li><a lang="kk" href="/kk/analytics/grid-2030/">Қазақша</a></li>
              </ul>
            </nav><nav><a hreflang="de" href="https://steppe-policy.example/de/analytics/grid-2030/">Deutsch</a></nav></header>
            <main><article>{{Extractors.EnglishParagraphs}}</article></main>
            </body></html>
            """;

        var article = Extractors.FromHtml(page);

        Assert.Equal(
            [
                new ArticleAlternate("ru", "https://steppe-policy.example/ru/analytics/grid-2030/"),
                new ArticleAlternate("kk", "https://steppe-policy.example/kk/analytics/grid-2030/"),
                new ArticleAlternate("de", "https://steppe-policy.example/de/analytics/grid-2030/"),
            ],
            article.Alternates);
        Assert.DoesNotContain("Русский", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LangAttributeOutsideLanguageMenu_IsNoTranslation()
    {
        // A quotation linked in Russian inside the text: lang says what the link text is written in, nothing more.
        var body = Extractors.EnglishParagraphs + """<p>As the minister put it, <a lang="ru" href="https://gov.example/ru/speech">«всё по плану»</a>, and the institute agrees for now.</p>""";

        var article = Extractors.FromHtml(Extractors.Page(body, $"""<link rel="canonical" href="{Canonical}">"""));

        Assert.Empty(article.Alternates);
    }

    [Fact]
    public void Extract_SamplePageWithHreflang_NamesItsRussianTranslation()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Combine("samples", "en-grid-investment.html"));

        var article = Extractors.FromBytes(bytes, "en-grid-investment.html");

        Assert.Equal([new ArticleAlternate("ru", "https://steppe-policy.example/ru/analytics/grid-investment-2030/")], article.Alternates);
        Assert.Equal("en", article.Language);
    }

    [Fact]
    public void Extract_MarkdownTranslationKey_IsKept()
    {
        var markdown = """
            ---
            title: Budget 2025
            language: en
            translationKey: budget-2025
            ---
            The budget for next year raises spending on schools and roads while holding the deficit at three percent.
            """;

        var article = Extractors.Default.Extract(new ArticleSource("budget.md", Encoding.UTF8.GetBytes(markdown), null, null));

        Assert.Equal("budget-2025", article.TranslationKey);
        Assert.Empty(article.Alternates);
    }
}
