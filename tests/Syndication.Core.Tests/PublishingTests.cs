using System.Xml.Linq;
using Syndication.Feeds;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

public class PublishingTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace History = "http://purl.org/syndication/history/1.0";

    private static string Urn(int n) => FeedText.EntryUrn($"entry-{n:D5}");

    [Fact]
    public async Task Publish_FirstEntry_WritesEveryFormatWithContentTypeCacheControlAndOpml()
    {
        using var harness = new PublishingHarness(headSize: 5);

        await harness.PublishAsync(PublishingHarness.Numbered(1, "kk", ["Экономика"]));

        foreach (var (name, type) in new[]
        {
            ("rss.xml", "application/rss+xml; charset=utf-8"), ("atom.xml", "application/atom+xml; charset=utf-8"), ("feed.json", "application/feed+json; charset=utf-8"),
            ("kk/rss.xml", "application/rss+xml; charset=utf-8"), ("tags/экономика/feed.json", "application/feed+json; charset=utf-8"),
            ("index.opml", "text/x-opml; charset=utf-8"),
        })
        {
            var props = await harness.Store.GetPropertiesAsync(Containers.Feeds, name, CancellationToken.None);
            Assert.True(props is not null, $"feeds/{name} was not written");
            Assert.Equal(type, props.ContentType);
            Assert.StartsWith("public, max-age=", props.CacheControl, StringComparison.Ordinal);
        }

        var opml = await harness.ReadXmlAsync("index.opml");
        var urls = opml!.Descendants("outline").Select(o => (string)o.Attribute("xmlUrl")!).ToList();
        Assert.Equal(9, urls.Count);
        Assert.Contains("https://news.example/feeds/tags/экономика/atom.xml", urls);
        Assert.Contains("https://news.example/feeds/kk/feed.json", urls);
    }

    [Fact]
    public async Task Publish_IndexesInTheLayoutOfEarlierReleases_ReadThenMovedToTheFlatNamesWithNothingLost()
    {
        using var harness = new PublishingHarness(headSize: 3);
        for (var n = 1; n <= 7; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n, "kk", ["Экономика"]));
        }

        // Put every index where releases before the flat layout kept it (scopes/<path>/index.json).
        string[] scopes = ["", "kk", "tags/экономика"];
        foreach (var scope in scopes)
        {
            var blob = await harness.Store.GetAsync(Containers.Publishing, PublishingPaths.Index(scope), CancellationToken.None);
            Assert.NotNull(blob);
            await harness.Store.PutAsync(Containers.Publishing, PublishingPaths.LegacyIndex(scope), blob.Content, new BlobWriteOptions { ContentType = "application/json" }, CancellationToken.None);
            await harness.Store.DeleteAsync(Containers.Publishing, PublishingPaths.Index(scope), null, CancellationToken.None);
        }

        for (var n = 8; n <= 10; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n, "kk", ["Экономика"]));
        }

        foreach (var scope in scopes)
        {
            Assert.NotNull(await harness.Store.GetPropertiesAsync(Containers.Publishing, PublishingPaths.Index(scope), CancellationToken.None));
            Assert.Null(await harness.Store.GetPropertiesAsync(Containers.Publishing, PublishingPaths.LegacyIndex(scope), CancellationToken.None));
            var (ids, _) = await harness.BackfillAsync(scope);
            Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(Urn), ids);
        }

        Assert.Equal("indexes/tags~экономика.json", PublishingPaths.Index("tags/экономика"));
        Assert.Equal("indexes/_site.json", PublishingPaths.Index(""));
    }

    [Fact]
    public async Task Publish_520EntriesWithHeadSize10_HeadHoldsNewestAndReaderBackfillsEveryEntryOnce()
    {
        using var harness = new PublishingHarness(headSize: 10);
        for (var n = 1; n <= 470; n++)
        {
            await harness.SeedAsync(PublishingHarness.Numbered(n));
        }

        // Bulk import by rebuild, then 50 single publishes that seal five more pages incrementally.
        await harness.Publisher.RebuildAsync(CancellationToken.None);
        for (var n = 471; n <= 520; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n));
        }

        var head = await harness.ReadXmlAsync("atom.xml");
        Assert.Equal(Enumerable.Range(511, 10).Reverse().Select(Urn), head!.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));

        var (ids, visited) = await harness.BackfillAsync("");
        Assert.Equal(Enumerable.Range(1, 520).Reverse().Select(Urn), ids);
        // 510 archived entries: pages 1..51 full, page 52 open and empty.
        Assert.Equal(["atom.xml", "archive/52.atom.xml", .. Enumerable.Range(1, 51).Reverse().Select(p => $"archive/{p}.atom.xml")], visited);

        var page7 = (await harness.ReadXmlAsync("archive/7.atom.xml"))!.Root!;
        Assert.Single(page7.Elements(History + "archive"));
        Assert.Equal(10, page7.Elements(Atom + "entry").Count());
        var rels = page7.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") is not null and not "alternate").ToDictionary(l => (string)l.Attribute("rel")!, l => PublishingHarness.ToBlobName((string)l.Attribute("href")!));
        Assert.Equal("archive/6.atom.xml", rels["prev-archive"]);
        Assert.Equal("archive/8.atom.xml", rels["next-archive"]);
        Assert.Equal("atom.xml", rels["current"]);

        var (langIds, _) = await harness.BackfillAsync("en");
        Assert.Equal(ids, langIds);
    }

    /// <summary>
    /// 60 entries published at once, one message each, in five rounds: a lost update (a read paired with the wrong ETag,
    /// say) shows within a few rounds under load and rarely in one (a 40-round loop beside CPU burners found one in seconds).
    /// </summary>
    [Fact]
    public async Task Publish_ConcurrentPublishes_LoseNothing()
    {
        for (var round = 1; round <= 5; round++)
        {
            using var harness = new PublishingHarness(headSize: 4);
            var entries = Enumerable.Range(1, 60).Select(n => PublishingHarness.Numbered(n, n % 2 == 0 ? "en" : "ru", [n % 3 == 0 ? "Politics" : "Economy"])).ToList();
            foreach (var entry in entries)
            {
                await harness.SeedAsync(entry);
            }

            await Task.WhenAll(entries.Select(e => Task.Run(() => harness.Publisher.PublishAsync([new PublishMessage(e.Id, EntryChangeKind.Published, e.Version)], CancellationToken.None))));

            var (site, _) = await harness.BackfillAsync("");
            Assert.Equal(entries.Select(e => FeedText.EntryUrn(e.Id)).Order(), site.Order());
            var (politics, _) = await harness.BackfillAsync("tags/politics");
            Assert.Equal(entries.Where(e => e.Tags[0] == "Politics").Select(e => FeedText.EntryUrn(e.Id)).Order(), politics.Order());
            var (ru, _) = await harness.BackfillAsync("ru");
            Assert.Equal(entries.Where(e => e.Language == "ru").Select(e => FeedText.EntryUrn(e.Id)).Order(), ru.Order());
            var head = await harness.ReadXmlAsync("atom.xml");
            Assert.Equal(Enumerable.Range(57, 4).Reverse().Select(Urn), head!.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        }
    }

    [Theory]
    [InlineData("update")]
    [InlineData("delete")]
    public async Task Publish_OldArchivedEntryChanged_RewritesOnlyItsArchivePage(string change)
    {
        using var harness = new PublishingHarness(headSize: 10);
        for (var n = 1; n <= 200; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n));
        }

        var old = PublishingHarness.Numbered(37);
        harness.Store.Reset();
        if (change == "update")
        {
            await harness.PublishAsync(old with { Version = "v2", Title = "Corrected title" }, EntryChangeKind.Updated);
        }
        else
        {
            await harness.DeleteAsync(old.Id);
        }

        var feedWrites = harness.Store.Writes.Where(w => w.StartsWith("feeds/", StringComparison.Ordinal)).Order().ToList();
        // Entry 37 is the 37th archived entry: page 4 of the site feed and of the language feed, nothing else.
        Assert.Equal(
            ["feeds/archive/4.atom.xml", "feeds/archive/4.json", "feeds/archive/4.rss.xml", "feeds/en/archive/4.atom.xml", "feeds/en/archive/4.json", "feeds/en/archive/4.rss.xml"],
            feedWrites);
        var page = await harness.ReadXmlAsync("archive/4.atom.xml");
        var titles = page!.Root!.Elements(Atom + "entry").ToDictionary(e => e.Element(Atom + "id")!.Value, e => e.Element(Atom + "title")!.Value);
        if (change == "update")
        {
            Assert.Equal("Corrected title", titles[Urn(37)]);
        }
        else
        {
            Assert.False(titles.ContainsKey(Urn(37)), "deleted entry still on its archive page");
            var (ids, _) = await harness.BackfillAsync("");
            Assert.Equal(199, ids.Count);
            Assert.DoesNotContain(Urn(37), ids);
        }
    }

    [Fact]
    public async Task Publish_AtThousandVersusHundredArchived_CostsSameBlobOperations()
    {
        var costs = new List<int>();
        foreach (var size in new[] { 100, 1000 })
        {
            using var harness = new PublishingHarness(headSize: 10);
            for (var n = 1; n <= size; n++)
            {
                await harness.SeedAsync(PublishingHarness.Numbered(n, tags: ["Economy"]));
            }

            await harness.Publisher.RebuildAsync(CancellationToken.None);

            // Scopes are published in parallel, so an optimistic-concurrency retry can add the refused write and a
            // fresh read to a publish, depending on timing; those are taken out, leaving the cost of the publish itself.
            var cheapest = int.MaxValue;
            for (var extra = 1; extra <= 3; extra++)
            {
                harness.Store.Reset();
                await harness.PublishAsync(PublishingHarness.Numbered(size + extra, tags: ["Economy"]));
                cheapest = Math.Min(cheapest, harness.Store.Operations - (2 * harness.Store.Conflicts));
            }

            costs.Add(cheapest);
            var (ids, _) = await harness.BackfillAsync("tags/economy");
            Assert.Equal(size + 3, ids.Count);
        }

        Assert.True(costs[0] == costs[1], $"blob operations for one publish: {costs[0]} at 100 archived vs {costs[1]} at 1000");
    }

    [Fact]
    public async Task Publish_TagChanged_RemovesEntryFromOldTagFeeds()
    {
        using var harness = new PublishingHarness(headSize: 3);
        for (var n = 1; n <= 12; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n, tags: ["Economy"]));
        }

        await harness.PublishAsync(PublishingHarness.Numbered(2, tags: ["Culture"]) with { Version = "v2" }, EntryChangeKind.Updated);
        await harness.PublishAsync(PublishingHarness.Numbered(12, tags: ["Culture"]) with { Version = "v2" }, EntryChangeKind.Updated);

        var (economy, _) = await harness.BackfillAsync("tags/economy");
        Assert.Equal(Enumerable.Range(1, 11).Where(n => n != 2).Reverse().Select(Urn), economy);
        var (culture, _) = await harness.BackfillAsync("tags/culture");
        Assert.Equal([Urn(12), Urn(2)], culture);
        var economyHead = await harness.ReadXmlAsync("tags/economy/atom.xml");
        Assert.Equal([Urn(11), Urn(10), Urn(9)], economyHead!.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
    }

    [Fact]
    public async Task Publish_SameVersionAgain_WritesNothing()
    {
        using var harness = new PublishingHarness(headSize: 5);
        var entry = PublishingHarness.Numbered(1, tags: ["Economy"]);
        await harness.PublishAsync(entry);
        var etag = (await harness.Store.GetPropertiesAsync(Containers.Feeds, "rss.xml", CancellationToken.None))!.ETag;

        harness.Store.Reset();
        await harness.Publisher.PublishAsync([new PublishMessage(entry.Id, EntryChangeKind.Published, entry.Version)], CancellationToken.None);

        Assert.Empty(harness.Store.Writes);
        Assert.Equal(etag, (await harness.Store.GetPropertiesAsync(Containers.Feeds, "rss.xml", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Rebuild_AfterIncrementalPublishes_KeepsSameDocumentsAndArchives()
    {
        using var harness = new PublishingHarness(headSize: 7);
        for (var n = 1; n <= 100; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n, n % 2 == 0 ? "en" : "kk", ["Economy"]));
        }

        var before = await SnapshotFeedsAsync(harness);
        await harness.Publisher.RebuildAsync(CancellationToken.None);
        var after = await SnapshotFeedsAsync(harness);

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var differing = before.Where(kv => kv.Value != after[kv.Key]).Select(kv => kv.Key).ToList();
        Assert.True(differing.Count == 0, "rebuild changed: " + string.Join(", ", differing));
        var (kk, _) = await harness.BackfillAsync("kk");
        Assert.Equal(Enumerable.Range(1, 100).Where(n => n % 2 == 1).Reverse().Select(Urn), kk);
    }

    [Fact]
    public async Task Rebuild_EntryRemovedAndFeedsDeleted_RestoresAllAndDropsStale()
    {
        using var harness = new PublishingHarness(headSize: 5);
        for (var n = 1; n <= 30; n++)
        {
            await harness.PublishAsync(PublishingHarness.Numbered(n, tags: [n == 30 ? "Gone" : "Economy"]));
        }

        await harness.UnseedAsync(PublishingHarness.Numbered(30).Id);
        await harness.Store.DeleteAsync(Containers.Feeds, "archive/2.atom.xml", null, CancellationToken.None);

        await harness.Publisher.RebuildAsync(CancellationToken.None);

        var (ids, _) = await harness.BackfillAsync("");
        Assert.Equal(Enumerable.Range(1, 29).Reverse().Select(Urn), ids);
        Assert.Null(await harness.Store.GetPropertiesAsync(Containers.Feeds, "tags/gone/atom.xml", CancellationToken.None));
        var opml = await harness.ReadXmlAsync("index.opml");
        Assert.DoesNotContain(opml!.Descendants("outline"), o => ((string)o.Attribute("xmlUrl")!).Contains("/gone/", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, string>> SnapshotFeedsAsync(PublishingHarness harness)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in harness.Store.ListAsync(Containers.Feeds, "", CancellationToken.None))
        {
            result[blob.Name] = blob.ETag;
        }

        return result;
    }

    [Fact]
    public async Task Publish_ManyScopesAtOnceWithSlowWrites_EachDocumentHoldsItsOwnEntries()
    {
        // Documents are rendered into reused buffers; a buffer handed on while a slow write still reads it would put one
        // scope's feed into another's document.
        var store = new InterceptingBlobStore(new Syndication.Testing.InMemoryBlobStore()) { PutDelay = TimeSpan.FromMilliseconds(3) };
        using var harness = new PublishingHarness(headSize: 5, store: store);
        var entries = Enumerable.Range(1, 40).Select(n => PublishingHarness.Numbered(n, tags: [$"topic-{n}"])).ToList();
        foreach (var entry in entries)
        {
            await harness.SeedAsync(entry);
        }

        await harness.Publisher.PublishAsync([.. entries.Select(e => new PublishMessage(e.Id, EntryChangeKind.Published, e.Version))], CancellationToken.None);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        foreach (var entry in entries)
        {
            var tag = entry.Tags[0];
            var atomIds = (await harness.ReadXmlAsync($"tags/{tag}/atom.xml"))!.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value).ToList();
            var rssTitles = (await harness.ReadXmlAsync($"tags/{tag}/rss.xml"))!.Root!.Element("channel")!.Elements("item").Select(i => i.Element("title")!.Value).ToList();
            var json = await store.GetAsync(Containers.Feeds, $"tags/{tag}/feed.json", CancellationToken.None);
            using var feed = System.Text.Json.JsonDocument.Parse(json!.Content);
            var jsonTitles = feed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
            Assert.Equal([FeedText.EntryUrn(entry.Id)], atomIds);
            Assert.Equal([entry.Title], rssTitles);
            Assert.Equal([entry.Title], jsonTitles);
        }
    }
}
