using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Testing;

namespace Syndication.Core.Tests;

public class PartnerFilterTests
{
    private static Partner Partner(string[]? languages = null, string[]? tags = null, string[]? events = null) => new()
    {
        Id = "p",
        Name = "P",
        Url = new Uri("https://p.example/x"),
        Secret = WebhookSecret.Generate(),
        Languages = languages ?? [],
        Tags = tags ?? [],
        Events = events ?? [],
    };

    [Theory]
    [InlineData(new[] { "en" }, "en", true)]
    [InlineData(new[] { "EN" }, "en", true)]
    [InlineData(new[] { "ru", "kk" }, "en", false)]
    [InlineData(new string[0], "kk", true)]
    public void Wants_LanguageFilter_MatchesEntryLanguage(string[] languages, string language, bool expected)
    {
        var change = new EntryChange(EntryChangeKind.Published, DeliveryHarness.Article("a", language: language));

        Assert.Equal(expected, Partner(languages: languages).Wants(change));
    }

    [Theory]
    [InlineData(new[] { "Energy" }, new[] { "energy", "oil" }, true)]
    [InlineData(new[] { "central asia" }, new[] { "Central-Asia" }, true)]
    [InlineData(new[] { "security" }, new[] { "energy" }, false)]
    [InlineData(new[] { "security" }, new string[0], false)]
    [InlineData(new string[0], new string[0], true)]
    public void Wants_TagFilter_MatchesAnyTag(string[] wanted, string[] tags, bool expected)
    {
        var change = new EntryChange(EntryChangeKind.Published, DeliveryHarness.Article("a", tags: tags));

        Assert.Equal(expected, Partner(tags: wanted).Wants(change));
    }

    [Theory]
    [InlineData(EntryChangeKind.Published, true)]
    [InlineData(EntryChangeKind.Updated, false)]
    [InlineData(EntryChangeKind.Deleted, true)]
    public void Wants_EventFilter_MatchesEventType(EntryChangeKind kind, bool expected)
    {
        var change = new EntryChange(kind, DeliveryHarness.Article("a"));

        Assert.Equal(expected, Partner(events: ["article.published", "article.deleted"]).Wants(change));
    }

    [Fact]
    public void For_SameChangeAndPartner_IsStableAndDistinctPerInput()
    {
        var id = DeliveryIds.For("entry-1", "v1", "article.published", "p");

        Assert.Equal(id, DeliveryIds.For("entry-1", "v1", "article.published", "p"));
        Assert.NotEqual(id, DeliveryIds.For("entry-1", "v2", "article.published", "p"));
        Assert.NotEqual(id, DeliveryIds.For("entry-1", "v1", "article.published", "q"));
        Assert.NotEqual(id, DeliveryIds.For("entry-1", "v1", "article.deleted", "p"));
        Assert.True(DeliveryIds.IsWellFormed(id), id);
    }
}
