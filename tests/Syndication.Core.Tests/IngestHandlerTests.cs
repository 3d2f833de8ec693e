using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

public sealed class IngestHandlerTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task HandleAsync_NewArticle_WritesEntryAndQueuesPublish()
    {
        await _pipeline.UploadAsync("budget-2025.html", "<title>Budget 2025</title>");

        var result = await _pipeline.Get<IngestHandler>().HandleAsync("budget-2025.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Published, result.Status);
        var entry = await _pipeline.Get<EntryRepository>().GetAsync(result.EntryId!, CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal("Budget 2025", entry.Title);
        Assert.Equal("budget-2025.html", entry.Source);
        Assert.Equal($"https://think.example/articles/{result.EntryId}", entry.Url);
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_SameBytesTwice_ChangesNothingAndQueuesNothingNew()
    {
        await _pipeline.UploadAsync("a.html", "<title>A</title>");
        var ingest = _pipeline.Get<IngestHandler>();
        var first = await ingest.HandleAsync("a.html", CancellationToken.None);
        var entryBefore = await _pipeline.ReadAsync(Containers.Entries, first.EntryId + ".json");

        _pipeline.Time.Advance(TimeSpan.FromHours(1));
        await _pipeline.UploadAsync("a.html", "<title>A</title>");
        var second = await ingest.HandleAsync("a.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Unchanged, second.Status);
        Assert.Equal(entryBefore, await _pipeline.ReadAsync(Containers.Entries, first.EntryId + ".json"));
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_NewBytesForSameName_UpdatesEntryKeepingIdAndPublishedDate()
    {
        await _pipeline.UploadAsync("a.html", "<title>First</title>");
        var ingest = _pipeline.Get<IngestHandler>();
        var first = await ingest.HandleAsync("a.html", CancellationToken.None);
        var before = await _pipeline.Get<EntryRepository>().GetAsync(first.EntryId!, CancellationToken.None);

        _pipeline.Time.Advance(TimeSpan.FromDays(1));
        await _pipeline.UploadAsync("a.html", "<title>Second</title>");
        var second = await ingest.HandleAsync("a.html", CancellationToken.None);
        var after = await _pipeline.Get<EntryRepository>().GetAsync(first.EntryId!, CancellationToken.None);

        Assert.Equal(IngestStatus.Updated, second.Status);
        Assert.Equal(first.EntryId, second.EntryId);
        Assert.Equal("Second", after!.Title);
        Assert.NotEqual(before!.Version, after.Version);
        Assert.Equal(before.Published, after.Published);
        Assert.True(after.Updated > before.Updated, $"updated {after.Updated} should be later than {before.Updated}");
    }

    [Fact]
    public async Task HandleAsync_Garbage_QuarantinesOriginalWithReadableReason()
    {
        await _pipeline.UploadAsync("broken.html", "\u0001\u0002 not a page");

        var result = await _pipeline.Get<IngestHandler>().HandleAsync("broken.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Quarantined, result.Status);
        Assert.Equal("\u0001\u0002 not a page", await _pipeline.ReadAsync(Containers.Quarantine, "uploads/broken.html"));
        var record = await _pipeline.Get<QuarantineStore>().GetAsync("broken.html", CancellationToken.None);
        Assert.Equal("No article found: the page has no title.", record!.Reason);
        Assert.Equal("broken.html", record.Source);
        Assert.True(record.Copied);
        Assert.Null(await _pipeline.Get<EntryRepository>().GetAsync(result.EntryId!, CancellationToken.None));
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_FixedUploadAfterQuarantine_PublishesAndClearsQuarantine()
    {
        await _pipeline.UploadAsync("late.html", "oops");
        var ingest = _pipeline.Get<IngestHandler>();
        await ingest.HandleAsync("late.html", CancellationToken.None);

        await _pipeline.UploadAsync("late.html", "<title>Fixed</title>");
        var result = await ingest.HandleAsync("late.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Published, result.Status);
        Assert.Null(await _pipeline.ReadAsync(Containers.Quarantine, "uploads/late.html"));
        Assert.Null(await _pipeline.Get<QuarantineStore>().GetAsync("late.html", CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_CrashAfterEntryWrite_SameEventAgainAnnounces()
    {
        // A crash between writing the entry and queuing its publish work must be healed by the next delivery
        // of the same event (at-least-once), not lost because the bytes are unchanged.
        await _pipeline.UploadAsync("crash.html", "<title>Crash</title>");
        _pipeline.Crash.Armed = true;
        await Assert.ThrowsAsync<IOException>(() => _pipeline.Get<IngestHandler>().HandleAsync("crash.html", CancellationToken.None));
        Assert.NotNull(await _pipeline.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName("crash.html"), CancellationToken.None));
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, CancellationToken.None));

        _pipeline.Crash.Armed = false;
        var result = await _pipeline.Get<IngestHandler>().HandleAsync("crash.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Unchanged, result.Status);
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_TooLarge_QuarantinesWithSizeInReason()
    {
        var options = _pipeline.Get<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value;
        options.MaxArticleBytes = 10;
        await _pipeline.UploadAsync("huge.html", "<title>Much too long for the limit</title>");

        var result = await _pipeline.Get<IngestHandler>().HandleAsync("huge.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Quarantined, result.Status);
        Assert.Contains("the limit (Ingest:MaxArticleBytes) is 10", result.Reason, StringComparison.Ordinal);
        Assert.Null(await _pipeline.ReadAsync(Containers.Quarantine, "uploads/huge.html")); // not copied
        Assert.False((await _pipeline.Get<QuarantineStore>().GetAsync("huge.html", CancellationToken.None))!.Copied);
    }
}
