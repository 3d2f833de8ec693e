using System.Text.Json;
using System.Text.Json.Nodes;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>ninjs 3.1 webhook data, checked with ajv (JSON Schema 2020-12) against IPTC's schema in docs/schemas.</summary>
public class NinjsPayloadTests
{
    private static readonly DateTimeOffset Now = new(2024, 11, 12, 8, 0, 0, TimeSpan.Zero);

    private static Entry Story(string id, string language, params EntryTranslation[] translations) => DeliveryHarness.Article(id, language: language) with
    {
        Story = "story-grid",
        Translations = translations,
    };

    /// <summary>Entries that stretch the mapping: translations known and not yet held, Cyrillic URLs, no author, no language, no tags, an image.</summary>
    public static IReadOnlyList<(Entry Entry, EntryChangeKind Kind)> Cases() =>
    [
        (Story("en-grid", "en", new EntryTranslation("ru", "https://news.example/articles/ru-grid", "ru-grid"), new EntryTranslation("kk", "https://institute.example/kk/желі?a=1&b=2")) with
        {
            Image = "https://news.example/img/сеть.jpg",
            Title = "Grid <b>\"quotes\"</b> & ampersands",
            Html = "<p>Body with <a href=\"https://news.example/x?a=1&amp;b=2\">a link</a>.</p>",
        }, EntryChangeKind.Published),
        (Story("ru-grid", "ru", new EntryTranslation("en", "https://news.example/articles/en-grid", "en-grid")) with { Author = null, Tags = [] }, EntryChangeKind.Updated),
        (DeliveryHarness.Article("no-language") with { Language = null, Summary = "", Url = "https://news.example/новости/1" }, EntryChangeKind.Published),
        (DeliveryHarness.Article("gone", "v3"), EntryChangeKind.Deleted),
    ];

    private static JsonNode Data(string body) => JsonNode.Parse(body)!["data"]!;

    private static string Build(Entry entry, EntryChangeKind kind, int? summaryMaxChars = 600) =>
        new WebhookPayload([]).Build(new EntryChange(kind, entry), new Partner
        {
            Id = "p1",
            Name = "Partner",
            Url = new Uri("https://partner.example/hooks"),
            Secret = WebhookSecret.Generate(),
            Format = PayloadFormat.Ninjs,
            SummaryMaxChars = summaryMaxChars,
        }, Now);

    [Fact]
    public async Task Build_NinjsPartner_EveryCaseValidAgainstNinjs31Schema()
    {
        var documents = Cases().Select(c => (JsonNode?)Data(Build(c.Entry, c.Kind))).ToList();

        var verdicts = await NodeTools.ValidateNinjsAsync(documents);

        Assert.All(verdicts, v => Assert.True(v.Valid, $"{Cases()[v.Index].Entry.Id}: not valid ninjs 3.1: {string.Join("; ", v.Errors)}\n{documents[v.Index]}"));
    }

    [Fact]
    public async Task ValidateNinjs_PropertyOutsideTheStandardOrRawIri_IsRejected()
    {
        // Guards the check itself: the schema forbids unknown properties and ajv-formats checks "uri".
        var unknown = Data(Build(Cases()[0].Entry, EntryChangeKind.Published));
        unknown["story"] = "story-grid";
        var rawIri = Data(Build(Cases()[0].Entry, EntryChangeKind.Published));
        rawIri["renditions"]![0]!["href"] = "https://institute.example/kk/желі";

        var verdicts = await NodeTools.ValidateNinjsAsync([unknown, rawIri]);

        Assert.All(verdicts, v => Assert.False(v.Valid, $"document {v.Index} should be invalid"));
    }

    [Fact]
    public void Build_NinjsPartner_MapsEntryAsPartnersGuideSays()
    {
        var (entry, _) = Cases()[0];

        using var body = JsonDocument.Parse(Build(entry, EntryChangeKind.Published, summaryMaxChars: 12));

        var root = body.RootElement;
        Assert.Equal("article.published", root.GetProperty("type").GetString());
        Assert.Equal("2024-11-12T08:00:00Z", root.GetProperty("timestamp").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(EntryUrns.Entry("en-grid"), data.GetProperty("uri").GetString());
        Assert.Equal("text", data.GetProperty("type").GetString());
        Assert.Equal("usable", data.GetProperty("pubStatus").GetString());
        Assert.Equal("en", data.GetProperty("language").GetString());
        Assert.Equal("2024-11-11T10:20:00Z", data.GetProperty("firstCreated").GetString());
        Assert.Equal("2024-11-11T10:20:00Z", data.GetProperty("versionCreated").GetString());
        Assert.Equal(entry.Title, data.GetProperty("headlines")[0].GetProperty("value").GetString());
        var bodyHtml = data.GetProperty("bodies")[0];
        Assert.Equal("text/html", bodyHtml.GetProperty("contentType").GetString());
        Assert.Equal(entry.Html, bodyHtml.GetProperty("value").GetString());
        var summary = data.GetProperty("descriptions")[0];
        Assert.Equal("summary", summary.GetProperty("role").GetString());
        Assert.True(summary.GetProperty("value").GetString()!.Length <= 12, $"summaryMaxChars 12 applies to ninjs too: {summary}");
        Assert.Equal("Aigerim Sadykova", data.GetProperty("by").GetString());
        Assert.Equal(["energy"], data.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(
            [(NinjsPayload.EntryIdRole, "en-grid"), (NinjsPayload.StoryIdRole, "story-grid")],
            data.GetProperty("altIds").EnumerateArray().Select(a => (a.GetProperty("role").GetString(), a.GetProperty("value").GetString())));
        Assert.Equal("https://news.example/articles/en-grid", data.GetProperty("renditions")[0].GetProperty("href").GetString());

        var associations = data.GetProperty("associations").EnumerateArray().ToList();
        Assert.Equal(["featureimage", "translation-ru", "translation-kk"], associations.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("https://news.example/img/%D1%81%D0%B5%D1%82%D1%8C.jpg", associations[0].GetProperty("uri").GetString());
        var ru = associations[1];
        Assert.Equal("translation", ru.GetProperty("rel").GetString());
        Assert.Equal("ru", ru.GetProperty("language").GetString());
        Assert.Equal(EntryUrns.Entry("ru-grid"), ru.GetProperty("uri").GetString());
        Assert.Equal("https://news.example/articles/ru-grid", ru.GetProperty("renditions")[0].GetProperty("href").GetString());
        var kk = associations[2];
        Assert.Equal("https://institute.example/kk/%D0%B6%D0%B5%D0%BB%D1%96?a=1&b=2", kk.GetProperty("uri").GetString());
        Assert.False(kk.TryGetProperty("altIds", out _), "a translation we do not hold yet has no entry id");
    }

    [Fact]
    public void Build_Deletion_IsTheSameItemCanceled()
    {
        var entry = DeliveryHarness.Article("gone", "v3");

        var deleted = Data(Build(entry, EntryChangeKind.Deleted));

        Assert.Equal("canceled", deleted["pubStatus"]!.GetValue<string>());
        Assert.Equal(Data(Build(entry, EntryChangeKind.Published))["uri"]!.GetValue<string>(), deleted["uri"]!.GetValue<string>());
        Assert.Equal("v3", deleted["version"]!.GetValue<string>());
    }

    [Fact]
    public void Build_SyndicationPartner_KeepsItsOwnShape()
    {
        var body = new WebhookPayload([]).Build(new EntryChange(EntryChangeKind.Published, Cases()[0].Entry), new Partner
        {
            Id = "p1",
            Name = "Partner",
            Url = new Uri("https://partner.example/hooks"),
            Secret = WebhookSecret.Generate(),
        }, Now);

        var data = Data(body).AsObject();

        Assert.Equal("en-grid", data["id"]!.GetValue<string>());
        Assert.False(data.ContainsKey("uri"), "the default format is not ninjs");
    }

    [Fact]
    public async Task Deliver_NinjsPartnerOverLoopback_ReferenceLibraryVerifiesAndEveryDataIsValidNinjs()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("ninjs", new { format = "ninjs" }));

        foreach (var (entry, kind) in Cases())
        {
            await harness.AnnounceAsync(entry, kind);
        }

        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        var received = partner.Received;
        Assert.Equal(Cases().Count, received.Count);
        Assert.All(received, r => Assert.Null(r.SignatureProblem));
        var (verified, failures) = await NodeTools.VerifyStandardWebhooksAsync(partner.Secret, received);
        Assert.True(failures.Count == 0, "standardwebhooks rejected: " + string.Join("; ", failures));
        Assert.Equal(received.Count, verified);
        var verdicts = await NodeTools.ValidateNinjsAsync([.. received.Select(r => JsonNode.Parse(r.Body)!["data"])]);
        Assert.All(verdicts, v => Assert.True(v.Valid, $"delivery {received[v.Index].Id}: {string.Join("; ", v.Errors)}"));
        Assert.Equal(
            Cases().Select(c => c.Kind == EntryChangeKind.Deleted ? "article.deleted" : c.Kind == EntryChangeKind.Updated ? "article.updated" : "article.published").Order(),
            received.Select(r => JsonNode.Parse(r.Body)!["type"]!.GetValue<string>()).Order());
    }
}
