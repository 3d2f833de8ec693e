using Syndication.Core.Entries;
using Syndication.Core.Ingest;

namespace Syndication.Core.Tests;

public class ArticleLinksTests
{
    private static readonly FeedsOptions Moved = new() { BaseUrl = new Uri("https://feeds.example"), ArticleBaseUrl = new Uri("https://app.example/api") };

    [Fact]
    public void ForCurrentBase_OwnPagesUnderOldBase_EntryAndTranslationLinksMoveOthersStay()
    {
        var entry = DeliveryHarnessEntry() with
        {
            Url = "http://localhost:7071/articles/en-grid",
            Translations = [new("ru", "http://localhost:7071/articles/ru-grid", "ru-grid"), new("kk", "https://institute.example/kk/grid", "kk-grid"), new("de", "http://localhost:7071/articles/de-grid")],
        };

        var shown = ArticleLinks.ForCurrentBase(entry, Moved);

        Assert.Equal("https://app.example/api/articles/en-grid", shown.Url);
        Assert.Equal(
            ["https://app.example/api/articles/ru-grid", "https://institute.example/kk/grid", "http://localhost:7071/articles/de-grid"],
            shown.Translations.Select(t => t.Url));
    }

    private static Entry DeliveryHarnessEntry() => Syndication.Testing.DeliveryHarness.Article("en-grid");
}
