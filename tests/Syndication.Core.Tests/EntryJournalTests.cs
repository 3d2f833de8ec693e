using System.Text;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

public sealed class EntryJournalTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<PipelineRunResult> RunOnceAsync() => _pipeline.Get<PipelineRunner>().RunOnceAsync(Ct);

    private Task<List<string>> OutboxAsync() => JournalAsync("outbox/");

    private Task<List<string>> BatchesAsync() => JournalAsync("batches/");

    private async Task<List<string>> JournalAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in _pipeline.Store.ListAsync(Containers.Journal, prefix, Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task SaveAsync_OlderBytesFinishLast_NewerVersionStaysAndOlderIsNotAnnounced()
    {
        // An Event Grid trigger read v1 and is slow; meanwhile the editor uploads v2 and Reconcile ingests it.
        await _pipeline.UploadAsync("race.html", "<title>Version one</title>");
        var ingest = _pipeline.Get<IngestHandler>();
        var raced = false;
        _pipeline.BeforeExtract = source =>
        {
            if (!raced && Encoding.UTF8.GetString(source.Content.Span).Contains("one", StringComparison.Ordinal))
            {
                raced = true;
                _pipeline.UploadAsync("race.html", "<title>Version two</title>").GetAwaiter().GetResult();
                var newer = ingest.HandleAsync("race.html", Ct).GetAwaiter().GetResult();
                Assert.Equal(IngestStatus.Published, newer.Status);
            }
        };

        var older = await ingest.HandleAsync("race.html", Ct);

        Assert.True(raced);
        Assert.Equal(IngestStatus.Stale, older.Status);
        var entry = await _pipeline.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName("race.html"), Ct);
        Assert.Equal("Version two", entry!.Title);
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task SaveAsync_StaleBytesForStoredEntry_NeverOverwriteNewerVersion()
    {
        await _pipeline.UploadAsync("a.html", "<title>Old</title>");
        await RunOnceAsync();
        var stale = await _pipeline.Store.GetPropertiesAsync(Containers.Articles, "a.html", Ct);
        await _pipeline.UploadAsync("a.html", "<title>New</title>");
        await RunOnceAsync();
        var id = EntryIds.FromArticleName("a.html");
        var journal = _pipeline.Get<EntryJournal>();
        var current = await _pipeline.Get<EntryRepository>().GetWithStateAsync(id, Ct);

        // A writer still holding the first upload's bytes (and ETag) tries to save them.
        var outcome = await journal.SaveAsync(id, "0123456789abcdef0123456789abcdef", new EntrySource("a.html", stale!.ETag),
            previous => previous! with { Title = "Old", Version = "0123456789abcdef0123456789abcdef" }, current, Ct);

        Assert.Equal(EntryWriteOutcome.Stale, outcome);
        Assert.Equal("New", (await _pipeline.Get<EntryRepository>().GetAsync(id, Ct))!.Title);
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task Reconcile_ManyUploads_AnnouncedTogetherInAFewPublishMessagesAndAllInTheFeeds()
    {
        for (var n = 0; n < 40; n++)
        {
            await _pipeline.UploadAsync($"bulk-{n:D2}.html", $"<title>Bulk {n}</title><p>Article number {n}.</p>");
        }

        var reconcile = await _pipeline.Get<Syndication.Core.Reconcile.ReconcileHandler>().HandleAsync(Ct);

        Assert.Equal(40, reconcile.Results.Count(r => r.Status == IngestStatus.Published));
        Assert.Empty(await OutboxAsync()); // every record cleared once its announcement was queued
        var messages = await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct);
        Assert.Equal(1, messages); // one per entry before the pass deferred its announcements

        await RunOnceAsync();
        Assert.Equal(40, await PublishedCountAsync());
    }

    [Fact]
    public async Task Reconcile_ManyUploads_SavedUnderOneOutboxBatchWhoseRecordIsGoneAfterThePass()
    {
        for (var n = 0; n < 12; n++)
        {
            await _pipeline.UploadAsync($"batch-{n:D2}.html", $"<title>Batch {n}</title>");
        }

        await _pipeline.Get<Syndication.Core.Reconcile.ReconcileHandler>().HandleAsync(Ct);

        var markers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var listing in _pipeline.Get<EntryRepository>().ListAsync(Ct))
        {
            markers.Add(listing.OutboxBatch ?? "(none)");
        }

        // Every entry names the one batch of the pass, as newly published; no entry has a record of its own, and the
        // batch record went once all were announced.
        var marker = Assert.Single(markers);
        Assert.EndsWith(":published", marker, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync());
        Assert.Empty(await BatchesAsync());
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));
    }

    [Fact]
    public async Task RecoverAsync_PassDiedAfterSavingUnderABatch_NextPassAnnouncesEveryEntryOfTheBatch()
    {
        for (var n = 0; n < 3; n++)
        {
            await _pipeline.UploadAsync($"died-{n}.html", $"<title>Died {n}</title>");
        }

        await SaveInAPassThatDiesAsync("died-0.html", "died-1.html", "died-2.html");
        Assert.Single(await BatchesAsync());
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));

        var next = await RunOnceAsync();

        Assert.Empty(next.Reconcile.Results); // nothing re-ingested: the entries are current, only their announcements were missing
        Assert.Equal(3, await PublishedCountAsync());
        Assert.Equal(3, (await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"))!.Split('\n').Length);
        Assert.Empty(await BatchesAsync());
    }

    [Fact]
    public async Task RecoverAsync_BatchOfAnotherMachine_LeftAloneUntilGraceThenAnnounced()
    {
        await _pipeline.UploadAsync("far.html", "<title>Far</title>");
        await SaveInAPassThatDiesAsync("far.html");

        // The same batch, as another instance (another machine) would have left it: it may still be running.
        var name = Assert.Single(await BatchesAsync());
        var batch = (await _pipeline.Store.GetJsonAsync<OutboxBatch>(Containers.Journal, name, StoredJson.Options, Ct))!.Value.Value;
        await _pipeline.Store.PutJsonAsync(Containers.Journal, name, batch with { Owner = "another-machine/4242/638000000000000000" }, StoredJson.Options, null, false, Ct);
        var journal = _pipeline.Get<EntryJournal>();

        Assert.Equal(0, await journal.RecoverAsync(Ct));
        Assert.Single(await BatchesAsync());
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));

        _pipeline.Time.Advance(EntryJournal.InFlightGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await journal.RecoverAsync(Ct));
        Assert.Empty(await BatchesAsync());
        Assert.Equal(1, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));
    }

    [Fact]
    public async Task SaveAsync_ReplacesAnEntryOfADeadBatch_AnnouncesTheReplacedVersionFirst()
    {
        await _pipeline.UploadAsync("twice.html", "<title>First</title>");
        await SaveInAPassThatDiesAsync("twice.html");
        var announced = new List<string>();
        _pipeline.Crash.Seen = change => announced.Add($"{change.Kind} {change.Entry.Title}");

        // The editor uploads again before any pass recovered the batch (an Event Grid trigger ingests it at once).
        await _pipeline.UploadAsync("twice.html", "<title>Second</title>");
        Assert.Equal(IngestStatus.Updated, (await _pipeline.Get<IngestHandler>().HandleAsync("twice.html", Ct)).Status);

        Assert.Equal(["Published First", "Updated Second"], announced);
    }

    /// <summary>A reconcile pass that saves these uploads under its batch and dies before announcing them (the process was killed).</summary>
    private async Task SaveInAPassThatDiesAsync(params string[] uploads)
    {
        var deferral = _pipeline.Get<EntryJournal>().DeferAnnouncements();
        foreach (var upload in uploads)
        {
            Assert.Equal(IngestStatus.Published, (await _pipeline.Get<IngestHandler>().HandleAsync(upload, Ct)).Status);
        }

        deferral.Abandon();
    }

    [Fact]
    public async Task Reconcile_AnnouncementsFailAfterTheEntriesAreSaved_ReportedFailedRecordsKeptAndTheNextPassAnnouncesAll()
    {
        for (var n = 0; n < 5; n++)
        {
            await _pipeline.UploadAsync($"held-{n}.html", $"<title>Held {n}</title>");
        }

        _pipeline.Crash.Armed = true;
        var first = await RunOnceAsync();
        Assert.All(first.Reconcile.Results, r => Assert.Equal(IngestStatus.Failed, r.Status));
        Assert.All(first.Reconcile.Results, r => Assert.Contains("announcing it failed", r.Reason, StringComparison.Ordinal));
        Assert.Equal(5, (await OutboxAsync()).Count);

        _pipeline.Crash.Armed = false;
        var second = await RunOnceAsync();
        Assert.Empty(second.Reconcile.Results);
        Assert.Empty(await OutboxAsync());
        Assert.Equal(5, await PublishedCountAsync());
    }

    /// <summary>Entries the publisher placed in the feeds (each gets a locator once its feeds are written).</summary>
    private async Task<int> PublishedCountAsync()
    {
        var count = 0;
        await foreach (var _ in _pipeline.Store.ListAsync(Containers.Publishing, "locators/", Ct))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task RecoverAsync_CrashBetweenEntryWriteAndAnnouncement_PublishesOnNextPass()
    {
        await _pipeline.UploadAsync("crash.html", "<title>Crash</title>");
        _pipeline.Crash.Armed = true;
        var first = await RunOnceAsync(); // the pass reports the failed upload and goes on
        Assert.Equal(IngestStatus.Failed, Assert.Single(first.Reconcile.Results).Status);
        var id = EntryIds.FromArticleName("crash.html");
        Assert.NotNull(await _pipeline.Get<EntryRepository>().GetAsync(id, Ct));
        Assert.Single(await OutboxAsync());
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));

        _pipeline.Crash.Armed = false;
        var second = await RunOnceAsync();

        Assert.Empty(second.Reconcile.Results); // nothing re-ingested: the entry is current, only its announcement was missing
        Assert.Equal(id, await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task RecoverAsync_CrashBetweenRemovalAndAnnouncement_RemovesFromFeedsOnNextPass()
    {
        await _pipeline.UploadAsync("keep.html", "<title>Keep</title>");
        await _pipeline.UploadAsync("drop.html", "<title>Drop</title>");
        await RunOnceAsync();
        await _pipeline.Store.DeleteAsync(Containers.Articles, "drop.html", null, Ct);
        _pipeline.Crash.Armed = true;
        await Assert.ThrowsAsync<IOException>(RunOnceAsync);
        Assert.Null(await _pipeline.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName("drop.html"), Ct));
        Assert.Equal(2, (await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"))!.Split('\n').Length);

        _pipeline.Crash.Armed = false;
        await RunOnceAsync();

        Assert.Equal(EntryIds.FromArticleName("keep.html"), await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task RecoverAsync_RecordOfWriteThatNeverHappened_DroppedOnlyAfterGrace()
    {
        // A writer that died after its outbox record but before its entry write leaves a record naming a version
        // entries/ never got; it is not announced, and it is dropped once its writer cannot still be running.
        var record = new OutboxRecord("ghost-1234", EntryChangeKind.Published, "feedface", _pipeline.Time.GetUtcNow());
        await _pipeline.Store.PutJsonAsync(Containers.Journal, "outbox/ghost-1234/feedface.save.json", record, StoredJson.Options, null, false, Ct);
        var journal = _pipeline.Get<EntryJournal>();

        Assert.Equal(0, await journal.RecoverAsync(Ct));
        Assert.Single(await OutboxAsync());

        _pipeline.Time.Advance(EntryJournal.InFlightGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await journal.RecoverAsync(Ct));
        Assert.Empty(await OutboxAsync());
        Assert.Equal(0, await _pipeline.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));
    }

    [Fact]
    public async Task RecoverAsync_TombstoneOfEarlierRelease_AnnouncesDeletionAndRemovesIt()
    {
        await _pipeline.UploadAsync("old.html", "<title>Old</title>");
        await RunOnceAsync();
        var id = EntryIds.FromArticleName("old.html");
        var entry = await _pipeline.Get<EntryRepository>().GetAsync(id, Ct);
        // What the release before the journal left after a crash: tombstone written, entry removed, not announced.
        await _pipeline.Store.PutJsonAsync(Containers.Entries, $"deleted/{id}.json", entry, StoredJson.Options, null, false, Ct);
        await _pipeline.Store.DeleteAsync(Containers.Entries, EntryRepository.BlobName(id), null, Ct);
        await _pipeline.Store.DeleteAsync(Containers.Articles, "old.html", null, Ct);

        await RunOnceAsync();

        Assert.Equal("", await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
        Assert.Null(await _pipeline.Store.GetPropertiesAsync(Containers.Entries, $"deleted/{id}.json", Ct));
    }

    [Fact]
    public async Task DeleteAsync_ArticleUploadedAgain_KeepsEntry()
    {
        await _pipeline.UploadAsync("back.html", "<title>Back</title>");
        await RunOnceAsync();

        var outcome = await _pipeline.Get<EntryJournal>().DeleteAsync(EntryIds.FromArticleName("back.html"), Ct);

        Assert.Equal(EntryWriteOutcome.Kept, outcome);
        Assert.NotNull(await _pipeline.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName("back.html"), Ct));
    }
}
