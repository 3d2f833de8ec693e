using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;
using Syndication.Feeds;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// Two publishers (two hosts, or two messages of one host) handle the same entry at once. Each case puts the other
/// publisher's whole work exactly inside one window of the first one, between reading what it publishes and reading a
/// scope's index, where several hosts under load really put it.
/// </summary>
public sealed class PublishRaceTests
{
    private const int HeadSize = 2;

    /// <summary>
    /// While the first publisher holds the entry's locator as "never published", the second publishes the entry and
    /// enough newer ones to seal it into an archive page that has already left the index. The first must find it
    /// there, not insert it a second time.
    /// </summary>
    [Fact]
    public async Task Publish_EntrySealedIntoTheArchiveByAnotherPublisherMeanwhile_AppearsOnce()
    {
        var (_, intercepting, first, second) = Racers();
        var entry = PublishingHarness.Numbered(1);
        await second.SeedAsync(entry);
        intercepting.BeforeGet = (Containers.Publishing, PublishingPaths.Index(""), async () =>
        {
            await second.PublishAsync(entry);
            for (var n = 2; n <= 6; n++)
            {
                await second.PublishAsync(PublishingHarness.Numbered(n));
            }
        });

        await first.Publisher.PublishAsync([new PublishMessage(entry.Id, EntryChangeKind.Published, entry.Version)], CancellationToken.None);

        Assert.Null(intercepting.BeforeGet); // the window was really hit
        var expected = Enumerable.Range(1, 6).Reverse().Select(n => FeedText.EntryUrn($"entry-{n:D5}")).ToList();
        Assert.Equal(expected, (await first.BackfillAsync("")).Ids);
        Assert.Equal(expected, (await first.BackfillAsync("en")).Ids);
    }

    /// <summary>
    /// The first publisher read version 1; before it reaches the index, version 2 is stored and published in full.
    /// Whichever commits last, the feeds must end on version 2, the entry as it is stored now.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_OlderVersionCommittedAfterTheNewerOne_FeedsEndOnTheStoredVersion(bool withArchive)
    {
        var (_, intercepting, first, second) = Racers();
        if (withArchive)
        {
            for (var n = 2; n <= 6; n++)
            {
                await second.PublishAsync(PublishingHarness.Numbered(n) with { Published = PublishingHarness.Now.AddDays(1).AddMinutes(n) });
            }
        }

        var v1 = PublishingHarness.Numbered(1, tags: ["Water"]);
        var v2 = v1 with { Version = "v2-entry-00001", Title = "Article number 1, corrected", Tags = ["Energy"] };
        await first.SeedAsync(v1);
        intercepting.BeforeGet = (Containers.Publishing, PublishingPaths.Index(""), () => second.PublishAsync(v2, EntryChangeKind.Updated));

        await first.Publisher.PublishAsync([new PublishMessage(v1.Id, EntryChangeKind.Published, v1.Version)], CancellationToken.None);

        Assert.Null(intercepting.BeforeGet);
        var urn = FeedText.EntryUrn(v1.Id);
        foreach (var scope in new[] { "", "en", "tags/energy" })
        {
            Assert.Single((await first.BackfillAsync(scope)).Ids, urn);
        }

        Assert.DoesNotContain(urn, (await first.BackfillAsync("tags/water")).Ids);
        var titles = new List<string>();
        foreach (var scope in new[] { "", "en", "tags/energy" })
        {
            var (_, documents) = await first.BackfillAsync(scope);
            foreach (var name in documents)
            {
                var doc = await first.ReadXmlAsync(name);
                titles.AddRange(doc!.Root!.Elements(Atom + "entry").Where(e => e.Element(Atom + "id")!.Value == urn).Select(e => e.Element(Atom + "title")!.Value));
            }
        }

        Assert.Equal(["Article number 1, corrected", "Article number 1, corrected", "Article number 1, corrected"], titles);
    }

    /// <summary>
    /// The first publisher read the entry; before it reaches the index, the entry is deleted and the deletion published.
    /// The entry must not come back into the feeds.
    /// </summary>
    [Fact]
    public async Task Publish_EntryDeletedAndRemovedMeanwhile_StaysOutOfTheFeeds()
    {
        var (memory, intercepting, first, second) = Racers();
        var entry = PublishingHarness.Numbered(1, tags: ["Water"]);
        await second.PublishAsync(PublishingHarness.Numbered(2));
        await first.SeedAsync(entry);
        intercepting.BeforeGet = (Containers.Publishing, PublishingPaths.Index(""), async () =>
        {
            await second.PublishAsync(entry);
            await second.DeleteAsync(entry.Id);
        });

        await first.Publisher.PublishAsync([new PublishMessage(entry.Id, EntryChangeKind.Published, entry.Version)], CancellationToken.None);

        Assert.Null(intercepting.BeforeGet);
        var urn = FeedText.EntryUrn(entry.Id);
        foreach (var scope in new[] { "", "en", "tags/water" })
        {
            Assert.DoesNotContain(urn, (await first.BackfillAsync(scope)).Ids);
        }

        Assert.Null(await memory.GetAsync(Containers.Publishing, PublishingPaths.Locator(entry.Id), CancellationToken.None));
    }

    private static readonly System.Xml.Linq.XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>
    /// Two publishers over one store: the first through a hook that runs the second's work inside its window. Their
    /// harnesses hold no folder of their own (the store is given), so they need no disposal.
    /// </summary>
    private static (InMemoryBlobStore Memory, InterceptingBlobStore Intercepting, PublishingHarness First, PublishingHarness Second) Racers()
    {
        var memory = new InMemoryBlobStore();
        var intercepting = new InterceptingBlobStore(memory);
        return (memory, intercepting, new PublishingHarness(HeadSize, store: intercepting), new PublishingHarness(HeadSize, store: memory));
    }
}
