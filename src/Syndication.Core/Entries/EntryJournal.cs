using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Storage;

namespace Syndication.Core.Entries;

/// <summary>
/// The one owner of <c>entries/</c>: it alone saves and deletes entries, and it guarantees "announce after a durable
/// write" through an explicit outbox in the private <c>journal</c> container.
/// <list type="number">
/// <item>An outbox record naming the change (entry id, version, kind; for a deletion the last entry) is written first.</item>
/// <item>The entry is written with If-Match on the ETag it was read under (create-only when new), or deleted with If-Match.</item>
/// <item>The change handlers queue their work (publish, partner deliveries).</item>
/// <item>The outbox record is deleted.</item>
/// </list>
/// A crash anywhere leaves either nothing durable (the record names a version <c>entries/</c> never got; it is
/// dropped once older than <see cref="InFlightGrace"/>) or a durable write with its record, which
/// <see cref="RecoverAsync"/> announces. Handlers are idempotent, so announcing twice is harmless.
/// A reconcile pass saves under an <see cref="OutboxBatch"/> instead (<see cref="DeferAnnouncements"/>): one record for
/// the pass, written before its first entry, each entry naming it, deleted once all are announced.
/// Versions only move forward: a save commits only if the article still has the ETag of the bytes the entry was
/// made from (checked after reading the entry's ETag, then written with If-Match on it), so a slow writer holding
/// older bytes loses to any writer that read newer ones. See docs/decisions/0003-entry-journal-and-outbox.md.
/// </summary>
public sealed partial class EntryJournal(
    IBlobStore store,
    EntryRepository entries,
    IEnumerable<IEntryChangeHandler> changeHandlers,
    TimeProvider timeProvider,
    ILogger<EntryJournal> logger)
{
    /// <summary>An outbox record whose write never became durable is dropped only after this long (its writer may still be running).</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(10);

    private const string OutboxPrefix = "outbox/";
    private const string BatchPrefix = "batches/";
    private const string LegacyTombstonePrefix = "deleted/";
    private const int MaxAttempts = 20;

    private readonly AsyncLocal<AnnouncementDeferral?> _deferral = new();

    /// <summary>Outbox batches a deferral in this process still saves under or announces (process-wide: hosts in one process share it).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> LiveBatches = new(StringComparer.Ordinal);

    private ILogger Logger => logger;

    private TimeProvider Clock => timeProvider;

    private IBlobStore Store => store;

    private IEnumerable<IEntryChangeHandler> Handlers => changeHandlers;

    /// <summary>
    /// From here on in this asynchronous flow (and the tasks it starts), saves go into an <see cref="OutboxBatch"/>: its
    /// record is written once, before the first entry, and each entry saved names it instead of having a record of its
    /// own. The changes are announced together later: by <see cref="AnnouncementDeferral.CompleteAsync"/>, or every
    /// <see cref="AnnouncementDeferral.FlushEvery"/> changes. A pass that ingests many uploads so queues a few publish
    /// messages instead of one per entry, and writes one outbox file instead of one per entry. Until all are announced
    /// the batch record stays, so a crash in between loses nothing: <see cref="RecoverAsync"/> announces every entry that
    /// names it. Deletions and link rewrites keep records of their own.
    /// </summary>
    public AnnouncementDeferral DeferAnnouncements()
    {
        var deferral = new AnnouncementDeferral(this);
        _deferral.Value = deferral;
        return deferral;
    }

    /// <summary>
    /// Saves the entry made from <paramref name="source"/> with content version <paramref name="version"/>.
    /// <paramref name="map"/> builds it from the stored entry it replaces (null when new); it may be called again
    /// after a concurrent write. <paramref name="basis"/> is what the caller read already, to save a read.
    /// </summary>
    public async Task<EntryWriteOutcome> SaveAsync(string id, string version, EntrySource source, Func<Entry?, Entry> map, StoredEntry? basis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        var current = basis;
        for (var attempt = 1; ; attempt++)
        {
            if (current is { } stored && stored.Entry.Version == version)
            {
                await ConfirmUnchangedAsync(stored, source, cancellationToken);
                return EntryWriteOutcome.Unchanged;
            }

            if (!await IsCurrentSourceAsync(source, cancellationToken))
            {
                LogStale(logger, id, version, source.ArticleName);
                return EntryWriteOutcome.Stale;
            }

            if (current is { } replaced)
            {
                // Announce the replaced version first if its own announcement never went out, so changes reach
                // partners in order.
                await RecoverRecordAsync(OutboxName(id, replaced.Entry.Version, EntryChangeKind.Updated), cancellationToken);
                await RecoverBatchedAsync(replaced, cancellationToken);
            }

            var entry = map(current?.Entry);
            if (entry.Id != id || entry.Version != version)
            {
                throw new ArgumentException($"The mapped entry is {entry.Id} {entry.Version}; expected {id} {version}.", nameof(map));
            }

            var kind = current is null ? EntryChangeKind.Published : EntryChangeKind.Updated;
            var record = new OutboxRecord(id, kind, version, timeProvider.GetUtcNow());
            var deferral = _deferral.Value;
            var batch = deferral is null ? null : await deferral.BeginSaveAsync(cancellationToken);
            try
            {
                // Under a batch the entry names the batch, whose record is durable already; otherwise a record of its own comes first.
                var recordName = batch is null ? OutboxName(id, version, kind) : null;
                if (recordName is not null)
                {
                    await store.PutJsonAsync(Containers.Journal, recordName, record, StoredJson.Options, null, false, cancellationToken);
                }

                try
                {
                    await WriteEntryAsync(entry, source.ETag, current?.ETag, batch is null ? null : BatchMarker(batch.Id, kind), cancellationToken);
                }
                catch (BlobConflictException) when (attempt < MaxAttempts)
                {
                    // Someone wrote the entry since we read it: read again and judge afresh (the record stays until
                    // recovery finds it durable or drops it).
                    current = await entries.GetWithStateAsync(id, cancellationToken);
                    continue;
                }

                await AnnounceAsync(recordName, record, entry, cancellationToken);
            }
            finally
            {
                if (batch is not null)
                {
                    deferral!.EndSave();
                }
            }

            return kind == EntryChangeKind.Published ? EntryWriteOutcome.Published : EntryWriteOutcome.Updated;
        }
    }

    /// <summary>
    /// Rewrites only the entry's links to its translations (same version) and announces it as
    /// <see cref="EntryChangeKind.Relinked"/>, so its feeds are republished. False when the entry is gone or already
    /// links exactly these. <paramref name="translationsFor"/> is asked after each read of the entry, so links computed
    /// from a story read later than the entry always win over links a concurrent writer computed earlier (the write
    /// carries If-Match; a refused write reads both again).
    /// </summary>
    public async Task<bool> RelinkAsync(string id, Func<Entry, CancellationToken, Task<IReadOnlyList<EntryTranslation>>> translationsFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(translationsFor);
        for (var attempt = 1; ; attempt++)
        {
            if (await entries.GetWithStateAsync(id, cancellationToken) is not { } stored)
            {
                return false;
            }

            var translations = await translationsFor(stored.Entry, cancellationToken);
            if (Stories.StoryTranslations.Same(stored.Entry.Translations, translations))
            {
                return false;
            }

            var entry = stored.Entry with { Translations = translations };
            var record = new OutboxRecord(id, EntryChangeKind.Relinked, entry.Version, timeProvider.GetUtcNow());
            var recordName = OutboxName(id, entry.Version, EntryChangeKind.Relinked);
            await store.PutJsonAsync(Containers.Journal, recordName, record, StoredJson.Options, null, false, cancellationToken);
            try
            {
                // Same version: a batch it was saved under still stands for its pending announcement.
                await WriteEntryAsync(entry, stored.SourceETag, stored.ETag, stored.OutboxBatch, cancellationToken);
            }
            catch (BlobConflictException) when (attempt < MaxAttempts)
            {
                continue;
            }

            await AnnounceAsync(recordName, record, entry, cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// Removes the entry of a deleted article and announces <c>article.deleted</c>, unless the article exists again.
    /// </summary>
    public async Task<EntryWriteOutcome> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await entries.GetWithStateAsync(id, cancellationToken);
            if (current is not { } stored)
            {
                return EntryWriteOutcome.Kept;
            }

            if (await ArticleExistsAsync(stored.Entry.Source, cancellationToken))
            {
                return EntryWriteOutcome.Kept;
            }

            var record = new OutboxRecord(id, EntryChangeKind.Deleted, stored.Entry.Version, timeProvider.GetUtcNow(), stored.Entry);
            var recordName = OutboxName(id, stored.Entry.Version, EntryChangeKind.Deleted);
            await store.PutJsonAsync(Containers.Journal, recordName, record, StoredJson.Options, null, false, cancellationToken);
            try
            {
                await store.DeleteAsync(Containers.Entries, EntryRepository.BlobName(id), stored.ETag, cancellationToken);
            }
            catch (BlobConflictException) when (attempt < MaxAttempts)
            {
                continue;
            }

            await AnnounceAsync(recordName, record, entry: null, cancellationToken);
            LogDeleted(logger, id, stored.Entry.Source);
            return EntryWriteOutcome.Deleted;
        }
    }

    /// <summary>
    /// Announces every durable change whose announcement a crash interrupted, and drops records of writes that never
    /// happened. Also finishes work left in the layout of releases before the journal. Returns how many it announced.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in store.ListAsync(Containers.Journal, OutboxPrefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        var announced = 0;
        foreach (var name in names)
        {
            announced += await RecoverRecordAsync(name, cancellationToken) ? 1 : 0;
        }

        announced += await RecoverBatchesAsync(cancellationToken);
        announced += await RecoverLegacyTombstonesAsync(cancellationToken);
        return announced;
    }

    /// <summary>
    /// Announces every entry saved under an outbox batch whose owner is gone (a process on this machine that no longer
    /// runs, or a pass of this process that ended without announcing) or that is older than <see cref="InFlightGrace"/>
    /// (an owner elsewhere), then deletes the batch record. A batch of a live owner is left to it. Lists the entries only
    /// when such a batch exists, which takes a crash.
    /// </summary>
    private async Task<int> RecoverBatchesAsync(CancellationToken cancellationToken)
    {
        var due = new Dictionary<string, BlobProperties>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(Containers.Journal, BatchPrefix, cancellationToken))
        {
            var id = blob.Name[BatchPrefix.Length..].Replace(".json", "", StringComparison.Ordinal);
            if (LiveBatches.ContainsKey(id))
            {
                continue;
            }

            OutboxBatch? batch;
            try
            {
                batch = (await store.GetJsonAsync<OutboxBatch>(Containers.Journal, blob.Name, StoredJson.Options, cancellationToken))?.Value;
            }
            catch (JsonException)
            {
                batch = null; // unreadable: judged by its age alone
            }

            // A batch of this process that is not live (checked above) belongs to a pass that ended without announcing it.
            var created = batch?.CreatedAt ?? blob.LastModified;
            var ownerGone = batch is not null && (batch.Owner == OutboxOwner.Current || OutboxOwner.IsGone(batch.Owner));
            if (ownerGone || timeProvider.GetUtcNow() - created > InFlightGrace)
            {
                due[id] = blob;
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var named = new List<string>();
        await foreach (var listing in entries.ListAsync(cancellationToken))
        {
            if (ParseBatchMarker(listing.OutboxBatch) is { } marker && due.ContainsKey(marker.BatchId))
            {
                named.Add(listing.Id);
            }
        }

        var announced = due.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var id in named)
        {
            // Read again: the entry may have been rewritten since it was listed (a newer version announces itself).
            if (await entries.GetWithStateAsync(id, cancellationToken) is { } stored && ParseBatchMarker(stored.OutboxBatch) is { } marker && due.ContainsKey(marker.BatchId))
            {
                await RunHandlersAsync(new EntryChange(marker.Kind, stored.Entry), cancellationToken);
                announced[marker.BatchId]++;
            }
        }

        foreach (var (id, blob) in due)
        {
            await DeleteRecordAsync(blob.Name, blob.ETag, cancellationToken);
            LogBatchRecovered(logger, id, announced[id]);
        }

        return announced.Values.Sum();
    }

    /// <summary>
    /// Announces <paramref name="stored"/> if it was saved under an outbox batch that is not live in this process and
    /// whose record still stands (its announcement may never have gone out). Used before a newer version replaces it.
    /// </summary>
    private async Task RecoverBatchedAsync(StoredEntry stored, CancellationToken cancellationToken)
    {
        if (ParseBatchMarker(stored.OutboxBatch) is not { } marker || LiveBatches.ContainsKey(marker.BatchId)
            || await store.GetPropertiesAsync(Containers.Journal, BatchName(marker.BatchId), cancellationToken) is null)
        {
            return;
        }

        await RunHandlersAsync(new EntryChange(marker.Kind, stored.Entry), cancellationToken);
    }

    /// <summary>
    /// Announces an entry that a release before the journal stored but never announced (its "announced" metadata
    /// is false), and rewrites its metadata without that flag.
    /// </summary>
    public async Task RecoverLegacyAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(Containers.Entries, EntryRepository.BlobName(id), cancellationToken);
        if (blob is null || EntryMetadata.Read(blob.Properties.Metadata, EntryMetadata.LegacyAnnounced) != "false")
        {
            return;
        }

        var entry = JsonSerializer.Deserialize<Entry>(blob.Content.Span, StoredJson.Options)!;
        var kind = EntryMetadata.Read(blob.Properties.Metadata, EntryMetadata.LegacyPreviousVersion) is null ? EntryChangeKind.Published : EntryChangeKind.Updated;
        await RunHandlersAsync(new EntryChange(kind, entry), cancellationToken);
        try
        {
            await WriteEntryAsync(entry, EntryMetadata.Read(blob.Properties.Metadata, EntryMetadata.SourceETag), blob.Properties.ETag, null, cancellationToken);
        }
        catch (BlobConflictException)
        {
            // Rewritten meanwhile by the journal, which wrote no legacy flag.
        }
    }

    private async Task ConfirmUnchangedAsync(StoredEntry stored, EntrySource source, CancellationToken cancellationToken)
    {
        // The same bytes may sit under a new ETag (re-uploaded in Azure): remember it, or every Reconcile pass would
        // read the article again. No announcement: nothing changed.
        if (stored.SourceETag != Unquoted(source.ETag))
        {
            try
            {
                await WriteEntryAsync(stored.Entry, source.ETag, stored.ETag, stored.OutboxBatch, cancellationToken);
            }
            catch (BlobConflictException)
            {
                // A concurrent writer got there first; its write carries its own source ETag.
            }
        }

        // A crash may have come between this version's write and its announcement.
        await RecoverRecordAsync(OutboxName(stored.Entry.Id, stored.Entry.Version, EntryChangeKind.Updated), cancellationToken);
        await RecoverBatchedAsync(stored, cancellationToken);
    }

    private async Task<bool> RecoverRecordAsync(string name, CancellationToken cancellationToken)
    {
        // Published and Updated records of one version share a name (see OutboxName), so one read finds either.
        var found = await store.GetAsync(Containers.Journal, name, cancellationToken);
        if (found is null)
        {
            return false;
        }

        OutboxRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<OutboxRecord>(found.Content.Span, StoredJson.Options);
        }
        catch (JsonException)
        {
            record = null;
        }

        if (record is null)
        {
            LogUnreadableRecord(logger, name);
            await store.DeleteAsync(Containers.Journal, name, found.Properties.ETag, cancellationToken);
            return false;
        }

        var stored = await store.GetPropertiesAsync(Containers.Entries, EntryRepository.BlobName(record.EntryId), cancellationToken);
        var storedVersion = stored is null ? null : EntryMetadata.Read(stored.Metadata, EntryMetadata.Version);
        var durable = record.Kind == EntryChangeKind.Deleted ? stored is null : storedVersion == record.Version;
        if (durable)
        {
            var entry = record.Kind == EntryChangeKind.Deleted ? record.Entry : await entries.GetAsync(record.EntryId, cancellationToken);
            if (entry is not null && entry.Version == record.Version)
            {
                await RunHandlersAsync(new EntryChange(record.Kind, entry), cancellationToken);
                await DeleteRecordAsync(name, found.Properties.ETag, cancellationToken);
                LogRecovered(logger, record.EntryId, record.Version, record.Kind);
                return true;
            }
        }

        if (timeProvider.GetUtcNow() - record.CreatedAt > InFlightGrace)
        {
            // Its write never happened (or a newer version replaced it, announced by its own record).
            await DeleteRecordAsync(name, found.Properties.ETag, cancellationToken);
            LogDropped(logger, record.EntryId, record.Version, record.Kind);
        }

        return false;
    }

    private async Task<int> RecoverLegacyTombstonesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in store.ListAsync(Containers.Entries, LegacyTombstonePrefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        var announced = 0;
        foreach (var name in names)
        {
            var found = await store.GetJsonAsync<Entry>(Containers.Entries, name, StoredJson.Options, cancellationToken);
            if (found is { Value: var entry } && await entries.GetWithStateAsync(entry.Id, cancellationToken) is null)
            {
                await RunHandlersAsync(new EntryChange(EntryChangeKind.Deleted, entry), cancellationToken);
                announced++;
            }

            await store.DeleteAsync(Containers.Entries, name, null, cancellationToken);
        }

        return announced;
    }

    /// <param name="recordName">The change's own outbox record; null when it was saved under the deferral's batch.</param>
    private async Task AnnounceAsync(string? recordName, OutboxRecord record, Entry? entry, CancellationToken cancellationToken)
    {
        if (_deferral.Value is { } deferral && deferral.TryAdd(new DeferredAnnouncement(recordName, record, entry), out var flush))
        {
            if (flush)
            {
                await deferral.FlushAsync(cancellationToken);
            }

            return;
        }

        await AnnounceNowAsync(recordName, record, entry, cancellationToken);
    }

    private async Task AnnounceNowAsync(string? recordName, OutboxRecord record, Entry? entry, CancellationToken cancellationToken)
    {
        if (await IsSupersededAsync(recordName, record, cancellationToken))
        {
            return;
        }

        await RunHandlersAsync(new EntryChange(record.Kind, entry ?? record.Entry!), cancellationToken);
        if (recordName is not null)
        {
            await DeleteRecordAsync(recordName, null, cancellationToken);
        }
    }

    /// <summary>A newer version written since ours announces itself; announcing ours now could reach a partner after it (its record is dropped).</summary>
    private async Task<bool> IsSupersededAsync(string? recordName, OutboxRecord record, CancellationToken cancellationToken)
    {
        if (record.Kind == EntryChangeKind.Deleted)
        {
            return false;
        }

        var stored = await store.GetPropertiesAsync(Containers.Entries, EntryRepository.BlobName(record.EntryId), cancellationToken);
        if (stored is not null && EntryMetadata.Read(stored.Metadata, EntryMetadata.Version) == record.Version)
        {
            return false;
        }

        if (recordName is not null)
        {
            await DeleteRecordAsync(recordName, null, cancellationToken);
        }

        LogSuperseded(logger, record.EntryId, record.Version);
        return true;
    }

    private async Task RunHandlersAsync(EntryChange change, CancellationToken cancellationToken)
    {
        foreach (var handler in changeHandlers)
        {
            await handler.OnEntryChangedAsync(change, cancellationToken);
        }
    }

    private async Task DeleteRecordAsync(string name, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(Containers.Journal, name, etag, cancellationToken);
        }
        catch (BlobConflictException)
        {
            // Rewritten by a writer of the same version since we read it: that writer clears it.
        }
    }

    /// <param name="batchMarker">The <see cref="EntryMetadata.OutboxBatch"/> value: the batch this version's announcement is pending in, if any.</param>
    private Task<string> WriteEntryAsync(Entry entry, string? sourceETag, string? ifMatch, string? batchMarker, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [EntryMetadata.Source] = Uri.EscapeDataString(entry.Source),
            [EntryMetadata.Version] = entry.Version,
        };
        if (sourceETag is not null)
        {
            metadata[EntryMetadata.SourceETag] = Unquoted(sourceETag);
        }

        if (batchMarker is not null)
        {
            metadata[EntryMetadata.OutboxBatch] = batchMarker;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, StoredJson.Options);
        return store.PutAsync(Containers.Entries, EntryRepository.BlobName(entry.Id), bytes, new BlobWriteOptions
        {
            ContentType = "application/json; charset=utf-8",
            Metadata = metadata,
            IfMatch = ifMatch,
            CreateOnly = ifMatch is null,
        }, cancellationToken);
    }

    private async Task<bool> IsCurrentSourceAsync(EntrySource source, CancellationToken cancellationToken)
    {
        var article = await store.GetPropertiesAsync(Containers.Articles, source.ArticleName, cancellationToken);
        return article is not null && Unquoted(article.ETag) == Unquoted(source.ETag);
    }

    private async Task<bool> ArticleExistsAsync(string articleName, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetPropertiesAsync(Containers.Articles, articleName, cancellationToken) is not null;
        }
        catch (ArgumentException)
        {
            return false; // a name this store cannot address cannot be read either
        }
    }

    /// <summary>
    /// Published and Updated of one version share a name: a version is announced once, whichever kind it was.
    /// Deletions have their own, so "deleted v1" and a later "published v1" (the same bytes uploaded again) both live;
    /// so do link rewrites (<see cref="EntryChangeKind.Relinked"/>), which keep the version.
    /// One flat folder, not a folder per entry: concurrent writers share its flushes, and no folder is created per save.
    /// Records of the earlier <c>outbox/&lt;id&gt;/&lt;version&gt;…</c> layout are still found by <see cref="RecoverAsync"/>.
    /// </summary>
    internal static string OutboxName(string id, string version, EntryChangeKind kind) =>
        $"{OutboxPrefix}{id}.{version}.{kind switch { EntryChangeKind.Deleted => "delete", EntryChangeKind.Relinked => "links", _ => "save" }}.json";

    private static string Unquoted(string etag) => etag.Trim('"');

    private static string BatchName(string batchId) => BatchPrefix + batchId + ".json";

    private static string BatchMarker(string batchId, EntryChangeKind kind) =>
        batchId + ":" + (kind == EntryChangeKind.Published ? "published" : "updated");

    private static (string BatchId, EntryChangeKind Kind)? ParseBatchMarker(string? marker) =>
        marker?.Split(':') is [var id, var kind] && id.Length > 0
            ? (id, kind == "published" ? EntryChangeKind.Published : EntryChangeKind.Updated)
            : null;

    private Task<string> WriteBatchAsync(OutboxBatch batch, CancellationToken cancellationToken) =>
        store.PutJsonAsync(Containers.Journal, BatchName(batch.Id), batch, StoredJson.Options, null, true, cancellationToken);

    /// <summary>A change saved under a deferral, announced when it is flushed; <paramref name="RecordName"/> is null when it was saved under the deferral's batch.</summary>
    internal sealed record DeferredAnnouncement(string? RecordName, OutboxRecord Record, Entry? Entry)
    {
        public EntryChange Change { get; } = new(Record.Kind, Entry ?? Record.Entry!);
    }

    /// <summary>Changes saved but not yet announced; see <see cref="DeferAnnouncements"/>.</summary>
    public sealed class AnnouncementDeferral
    {
        /// <summary>Changes held at most before they are announced (bounds the wait of feeds and partners in a long pass).</summary>
        public const int FlushEvery = 500;

        /// <summary>Announcements run at once: concurrent sends share the publish queue's messages (group commit).</summary>
        private const int Concurrency = 32;

        /// <summary>
        /// A batch takes saves for at most this long, then a new one starts: a batch record older than
        /// <see cref="InFlightGrace"/> may be recovered (and deleted) by another instance, so no save may still start under it.
        /// </summary>
        private static readonly TimeSpan RotateAfter = InFlightGrace / 2;

        private readonly EntryJournal _journal;
        private readonly Lock _gate = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _failed = new(StringComparer.Ordinal);
        private readonly List<OutboxBatch> _batches = [];
        private List<DeferredAnnouncement> _held = [];
        private OutboxBatch? _batch;
        private Task? _batchWritten;
        private int _saving;
        private TaskCompletionSource? _drained;
        private bool _completed;

        /// <summary>Failed announcements whose change could not get an outbox record of its own: their batch record must stay.</summary>
        private int _unrecorded;

        /// <summary>Entries whose announcement failed (an outbox record keeps each, for the next recovery), with why.</summary>
        public IReadOnlyDictionary<string, string> Failed => _failed;

        internal AnnouncementDeferral(EntryJournal journal) => _journal = journal;

        /// <summary>
        /// The batch a save writes its entry under, once the batch record is durable; null once the deferral is complete
        /// (the save then writes a record of its own). Every call that returns a batch is followed by <see cref="EndSave"/>.
        /// </summary>
        internal async Task<OutboxBatch?> BeginSaveAsync(CancellationToken cancellationToken)
        {
            OutboxBatch batch;
            Task written;
            lock (_gate)
            {
                if (_completed)
                {
                    return null;
                }

                var now = _journal.Clock.GetUtcNow();
                if (_batch is null || _batchWritten is null || now - _batch.CreatedAt > RotateAfter)
                {
                    _batch = new OutboxBatch($"{now.UtcDateTime:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}", now, OutboxOwner.Current);
                    LiveBatches[_batch.Id] = 0;
                    _batches.Add(_batch);
                    _batchWritten = _journal.WriteBatchAsync(_batch, cancellationToken);
                }

                batch = _batch;
                written = _batchWritten;
                _saving++;
            }

            try
            {
                await written.WaitAsync(cancellationToken);
                return batch;
            }
            catch
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_batch, batch))
                    {
                        _batchWritten = null; // the next save writes a new batch record
                    }
                }

                EndSave();
                throw;
            }
        }

        internal void EndSave()
        {
            lock (_gate)
            {
                if (--_saving == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        }

        internal bool TryAdd(DeferredAnnouncement announcement, out bool flush)
        {
            lock (_gate)
            {
                flush = false;

                // A change saved under the batch is always held: completion waits for it and announces it.
                if (_completed && announcement.RecordName is not null)
                {
                    return false;
                }

                _held.Add(announcement);
                flush = _held.Count >= FlushEvery;
                return true;
            }
        }

        /// <summary>Announces what is held now; returns how many.</summary>
        public async Task<int> FlushAsync(CancellationToken cancellationToken)
        {
            List<DeferredAnnouncement> held;
            lock (_gate)
            {
                held = _held;
                _held = [];
            }

            // Announcements made while these are announced (a story relinking a sibling) go out at once.
            _journal._deferral.Value = null;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
            var live = new DeferredAnnouncement?[held.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, held.Count), options, async (i, ct) =>
                live[i] = await Guard(held[i], () => _journal.IsSupersededAsync(held[i].RecordName, held[i].Record, ct)) is false ? held[i] : null);

            // Handler by handler over all the changes: one that takes a batch (the publish queue) gets them in one
            // call, so the pass costs a few messages instead of one per entry. A change one handler failed goes no
            // further; its record stays.
            foreach (var handler in _journal.Handlers)
            {
                var pending = live.OfType<DeferredAnnouncement>().Where(a => !_failed.ContainsKey(a.Record.EntryId)).ToList();
                if (handler is IEntryChangeBatchHandler batch)
                {
                    try
                    {
                        await batch.OnEntriesChangedAsync([.. pending.Select(a => a.Change)], cancellationToken);
                    }
                    catch (EntryChangesFailedException ex)
                    {
                        // Only these went wrong; the rest of the batch goes on.
                        var failures = ex.Failures.ToDictionary<(EntryChange Change, Exception Error), EntryChange, Exception>(f => f.Change, f => f.Error, ReferenceEqualityComparer.Instance);
                        foreach (var a in pending)
                        {
                            if (failures.TryGetValue(a.Change, out var error))
                            {
                                Fail(a, error);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is not (OperationCanceledException or StorageUnavailableException))
                    {
                        foreach (var a in pending)
                        {
                            Fail(a, ex);
                        }
                    }

                    continue;
                }

                await Parallel.ForEachAsync(pending, options, async (a, ct) => await Guard(a, async () =>
                {
                    await handler.OnEntryChangedAsync(a.Change, ct);
                    return true;
                }));
            }

            await Parallel.ForEachAsync(live.OfType<DeferredAnnouncement>().Where(a => a.RecordName is not null && !_failed.ContainsKey(a.Record.EntryId)), options,
                async (a, ct) => await _journal.DeleteRecordAsync(a.RecordName!, null, ct));

            // A failed change saved under the batch gets a record of its own, so the next pass announces just it and
            // the batch record can go.
            await Parallel.ForEachAsync(held.Where(a => a.RecordName is null && _failed.ContainsKey(a.Record.EntryId)), options, async (a, ct) =>
            {
                try
                {
                    await _journal.Store.PutJsonAsync(Containers.Journal, OutboxName(a.Record.EntryId, a.Record.Version, a.Record.Kind), a.Record, StoredJson.Options, null, false, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogAnnounceFailed(_journal.Logger, ex, a.Record.EntryId, a.Record.Version);
                    Interlocked.Increment(ref _unrecorded);
                }
            });
            return held.Count;
        }

        /// <summary>Runs one step of one announcement; a failure marks that change failed (null) and holds up no other.</summary>
        private async Task<bool?> Guard(DeferredAnnouncement announcement, Func<Task<bool>> step)
        {
            try
            {
                return await step();
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or StorageUnavailableException))
            {
                Fail(announcement, ex);
                return null;
            }
        }

        private void Fail(DeferredAnnouncement announcement, Exception ex)
        {
            // Its record stays: the next recovery announces it.
            LogAnnounceFailed(_journal.Logger, ex, announcement.Record.EntryId, announcement.Record.Version);
            _failed[announcement.Record.EntryId] = $"{ex.GetType().Name}: {ex.Message}";
        }

        /// <summary>
        /// Ends the deferral (later changes get records of their own and are announced as they are saved), waits for the
        /// saves under way, announces what it held, and deletes its batch records (kept if a failed change could not be
        /// recorded on its own: the next recovery then announces the whole batch).
        /// </summary>
        public async Task<int> CompleteAsync(CancellationToken cancellationToken)
        {
            Task drained;
            lock (_gate)
            {
                _completed = true;
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _saving == 0 ? Task.CompletedTask : _drained.Task;
            }

            try
            {
                await drained.WaitAsync(cancellationToken);
                var announced = await FlushAsync(cancellationToken);
                if (Volatile.Read(ref _unrecorded) == 0)
                {
                    foreach (var batch in _batches)
                    {
                        await _journal.DeleteRecordAsync(BatchName(batch.Id), null, cancellationToken);
                    }
                }

                return announced;
            }
            finally
            {
                Abandon();
            }
        }

        /// <summary>
        /// Gives the batches up without announcing (a pass that failed): their records stay, and the next recovery in this
        /// process (or on this machine) announces what was saved under them. After <see cref="CompleteAsync"/> it only
        /// forgets them.
        /// </summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _completed = true;
                foreach (var batch in _batches)
                {
                    LiveBatches.TryRemove(batch.Id, out _);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Entry {EntryId}: version {Version} from {ArticleName} is stale (the article changed since it was read); the newer bytes win")]
    private static partial void LogStale(ILogger logger, string entryId, string version, string articleName);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Entry {EntryId} removed: article {ArticleName} was deleted")]
    private static partial void LogDeleted(ILogger logger, string entryId, string articleName);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Outbox: announced {Kind} of entry {EntryId} version {Version}, left pending by an interrupted write")]
    private static partial void LogRecovered(ILogger logger, string entryId, string version, EntryChangeKind kind);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Outbox: dropped {Kind} of entry {EntryId} version {Version}: that write never became durable or was superseded")]
    private static partial void LogDropped(ILogger logger, string entryId, string version, EntryChangeKind kind);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Outbox: record {RecordName} is unreadable; dropped")]
    private static partial void LogUnreadableRecord(ILogger logger, string recordName);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Outbox: announcing entry {EntryId} version {Version} failed; its record stays and the next pass announces it")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string entryId, string version);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Outbox: batch {BatchId} was left by an interrupted pass; announced the {Count} entries saved under it")]
    private static partial void LogBatchRecovered(ILogger logger, string batchId, int count);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Entry {EntryId} version {Version} was replaced before it was announced; the newer version announces itself")]
    private static partial void LogSuperseded(ILogger logger, string entryId, string version);
}
