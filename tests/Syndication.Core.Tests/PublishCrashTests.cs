using System.Text;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// A publish interrupted at any storage operation and retried must leave exactly the feeds an uninterrupted run
/// leaves. Each case replays a three-batch history (new scopes, archive evictions and sealing, an edit that moves an
/// entry between tags, deletions with head refills from the archive) and fails one batch at its Nth operation, for
/// every N until the batch completes without reaching the fault.
/// </summary>
public sealed class PublishCrashTests
{
    private const int HeadSize = 2;

    /// <summary>What each batch writes to <c>entries/</c> (null = deleted) before it is published.</summary>
    private static readonly IReadOnlyList<IReadOnlyList<(string Id, Entry? Entry)>> History =
    [
        [
            ("e1", At("e1", 10, "en", "Economy")), ("e2", At("e2", 20, "en", "Economy")), ("e3", At("e3", 30, "en", "Economy")),
            ("e4", At("e4", 40, "ru", "Politics")), ("e5", At("e5", 50, "en", "Economy")),
        ],
        [
            ("e6", At("e6", 60, "en", "Water")), ("e7", At("e7", 70, "kk", "Economy")),
            ("e1", At("e1", 10, "en", "Energy") with { Version = "v2-e1", Title = "Title of e1, corrected" }),
            ("e4", null),
        ],
        [
            ("e8", At("e8", 5, "en", "Economy")), ("e9", At("e9", 6, "en", "Water")), ("e5", null), ("e7", null),
            ("e3", At("e3", 30, "en", "Water") with { Version = "v2-e3" }),
        ],
    ];

    public static TheoryData<int, FaultKind> Cases()
    {
        var cases = new TheoryData<int, FaultKind>();
        for (var batch = 0; batch < History.Count; batch++)
        {
            foreach (var kind in Enum.GetValues<FaultKind>())
            {
                cases.Add(batch, kind);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PublishAsync_FaultAtEveryOperationThenRetried_FeedsEqualUninterruptedRun(int faultyBatch, FaultKind kind)
    {
        var expected = await RunAsync(faultyBatch: -1, failAt: 0, kind);
        Assert.Contains("tags/water/atom.xml", expected.Keys);

        var tripped = 0;
        for (var failAt = 1; ; failAt++)
        {
            var (feeds, reachedFault) = await RunWithFaultAsync(faultyBatch, failAt, kind);
            AssertSameFeeds(expected, feeds, $"batch {faultyBatch + 1}, {kind} at operation {failAt}");
            if (!reachedFault)
            {
                break;
            }

            tripped++;
        }

        // The loop must really have cut the batch short many times, not only run it clean.
        Assert.True(tripped >= 20, $"batch {faultyBatch + 1} had only {tripped} operations");
    }

    /// <summary>
    /// A publish that created a tag scope stops at any operation; before its retry, a newer version of the same entry is
    /// published (which meets the entry in the index already, under another revision). The scope must still end up in
    /// <c>index.opml</c>.
    /// </summary>
    [Fact]
    public async Task PublishAsync_FaultThenNewerVersionBeforeRetry_NewTagScopeStillInOpml()
    {
        var tripped = 0;
        for (var failAt = 1; ; failAt++)
        {
            var memory = new InMemoryBlobStore();
            var faulty = new FaultInjectingBlobStore(memory);
            using var harness = new PublishingHarness(HeadSize, store: faulty);
            var first = At("e1", 10, "en", "Water");
            await memory.PutJsonAsync(Containers.Entries, EntryRepository.BlobName("e1"), first, StoredJson.Options, null, false, CancellationToken.None);
            faulty.Arm(failAt, FaultKind.Crash);
            try
            {
                await harness.Publisher.PublishAsync([new PublishMessage("e1", EntryChangeKind.Published, first.Version)], CancellationToken.None);
            }
            catch (InjectedFaultException)
            {
            }

            var reached = faulty.Tripped;
            faulty.Disarm();

            using var restarted = new PublishingHarness(HeadSize, store: memory);
            var newer = first with { Version = "v2-e1", Title = "Title of e1, corrected" };
            await memory.PutJsonAsync(Containers.Entries, EntryRepository.BlobName("e1"), newer, StoredJson.Options, null, false, CancellationToken.None);
            await restarted.Publisher.PublishAsync([new PublishMessage("e1", EntryChangeKind.Updated, newer.Version)], CancellationToken.None);
            await restarted.Publisher.PublishAsync([new PublishMessage("e1", EntryChangeKind.Published, first.Version)], CancellationToken.None);

            var opml = Encoding.UTF8.GetString(memory.Snapshot(Containers.Feeds)["index.opml"]);
            Assert.True(opml.Contains("/feeds/tags/water/atom.xml", StringComparison.Ordinal), $"crash at operation {failAt}: tags/water is missing from index.opml:\n{opml}");
            if (!reached)
            {
                break;
            }

            tripped++;
        }

        Assert.True(tripped >= 10, $"only {tripped} operations were cut short");
    }

    private static async Task<IReadOnlyDictionary<string, byte[]>> RunAsync(int faultyBatch, int failAt, FaultKind kind) =>
        (await RunWithFaultAsync(faultyBatch, failAt, kind)).Feeds;

    private static async Task<(IReadOnlyDictionary<string, byte[]> Feeds, bool ReachedFault)> RunWithFaultAsync(int faultyBatch, int failAt, FaultKind kind)
    {
        var memory = new InMemoryBlobStore();
        var faulty = new FaultInjectingBlobStore(memory);
        using var harness = new PublishingHarness(HeadSize, store: faulty);
        var reachedFault = false;
        for (var b = 0; b < History.Count; b++)
        {
            var messages = new List<PublishMessage>();
            foreach (var (id, entry) in History[b])
            {
                if (entry is null)
                {
                    await memory.DeleteAsync(Containers.Entries, EntryRepository.BlobName(id), null, CancellationToken.None);
                    messages.Add(new PublishMessage(id, EntryChangeKind.Deleted, ""));
                }
                else
                {
                    await memory.PutJsonAsync(Containers.Entries, EntryRepository.BlobName(id), entry, StoredJson.Options, null, false, CancellationToken.None);
                    messages.Add(new PublishMessage(id, EntryChangeKind.Published, entry.Version));
                }
            }

            if (b == faultyBatch)
            {
                faulty.Arm(failAt, kind);
                try
                {
                    await harness.Publisher.PublishAsync(messages, CancellationToken.None);
                }
                catch (InjectedFaultException)
                {
                }

                reachedFault = faulty.Tripped;
                faulty.Disarm();

                // The message was not completed: it comes back, to a fresh process.
                using var restarted = new PublishingHarness(HeadSize, store: memory);
                await restarted.Publisher.PublishAsync(messages, CancellationToken.None);
                continue;
            }

            await harness.Publisher.PublishAsync(messages, CancellationToken.None);
        }

        return (memory.Snapshot(Containers.Feeds), reachedFault);
    }

    private static void AssertSameFeeds(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyDictionary<string, byte[]> actual, string situation)
    {
        var missing = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{situation}: feeds missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
        foreach (var (name, bytes) in expected)
        {
            if (!bytes.AsSpan().SequenceEqual(actual[name]))
            {
                Assert.Fail($"{situation}: feeds/{name} differs from an uninterrupted run.\nexpected:\n{Encoding.UTF8.GetString(bytes)}\nactual:\n{Encoding.UTF8.GetString(actual[name])}");
            }
        }
    }

    private static Entry At(string id, int minutes, string language, string tag) =>
        PublishingHarness.Sample(id, language: language, tags: [tag]) with
        {
            Published = PublishingHarness.Now.AddMinutes(minutes),
            Updated = PublishingHarness.Now.AddMinutes(minutes),
        };
}
