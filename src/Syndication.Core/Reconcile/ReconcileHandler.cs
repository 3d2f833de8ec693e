using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Storage;

namespace Syndication.Core.Reconcile;

/// <summary>Progress of a reconcile pass: uploads ingested so far out of those that needed it.</summary>
public sealed record ReconcileProgress(int Done, int Total, IngestResult Last);

/// <summary>What one reconcile pass found and did.</summary>
public sealed record ReconcileResult(int Articles, int Ingested, int Deleted, IReadOnlyList<IngestResult> Results);

/// <summary>
/// Periodic healing: ingests articles that have no current entry (missed or failed events) and removes entries
/// whose article was deleted, announcing <c>article.deleted</c>. Reads listings only, plus the articles that changed.
/// </summary>
public sealed partial class ReconcileHandler(
    IBlobStore store,
    EntryRepository entries,
    IngestHandler ingest,
    IEnumerable<IEntryChangeHandler> changeHandlers,
    ILogger<ReconcileHandler> logger)
{
    private const string TombstonePrefix = "deleted/";

    public async Task<ReconcileResult> HandleAsync(CancellationToken cancellationToken, IProgress<ReconcileProgress>? progress = null)
    {
        var byId = new Dictionary<string, EntryListing>(StringComparer.Ordinal);
        await foreach (var listing in entries.ListAsync(cancellationToken))
        {
            byId[listing.Id] = listing;
        }

        var quarantined = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(Containers.Quarantine, "", cancellationToken))
        {
            if (!blob.Name.EndsWith(QuarantineStore.ErrorSuffix, StringComparison.Ordinal) && blob.Metadata.TryGetValue("sourceetag", out var etag))
            {
                quarantined[blob.Name] = etag;
            }
        }

        var results = new List<IngestResult>();
        var liveIds = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<string>();
        var articles = 0;
        await foreach (var article in store.ListAsync(Containers.Articles, "", cancellationToken))
        {
            articles++;
            var id = EntryIds.FromArticleName(article.Name);
            liveIds.Add(id);
            var etag = article.ETag.Trim('"');
            var current = byId.TryGetValue(id, out var listing) && listing.SourceETag == etag;
            var knownBad = quarantined.TryGetValue(article.Name, out var badETag) && badETag == etag;
            if (current || knownBad)
            {
                continue;
            }

            pending.Add(article.Name);
        }

        foreach (var name in pending)
        {
            results.Add(await ingest.HandleAsync(name, cancellationToken));
            progress?.Report(new ReconcileProgress(results.Count, pending.Count, results[^1]));
        }

        var deleted = 0;
        foreach (var gone in byId.Values.Where(l => !liveIds.Contains(l.Id)))
        {
            var entry = await entries.GetAsync(gone.Id, cancellationToken);
            if (entry is null)
            {
                continue;
            }

            // Tombstone first, so a crash between removal and announcement is finished by the next pass.
            await store.PutJsonAsync(Containers.Entries, TombstonePrefix + EntryRepository.BlobName(entry.Id), entry, StoredJson.Options, null, false, cancellationToken);
            await entries.DeleteAsync(entry.Id, cancellationToken);
            deleted++;
        }

        await foreach (var tombstone in ListTombstonesAsync(cancellationToken))
        {
            await AnnounceDeletionAsync(tombstone, cancellationToken);
        }

        var ingested = results.Count(r => r.Status is IngestStatus.Published or IngestStatus.Updated);
        LogReconciled(logger, articles, ingested, deleted);
        return new ReconcileResult(articles, ingested, deleted, results);
    }

    /// <summary>Removes an entry at once (for hosts that learn of a deletion directly) and announces it.</summary>
    public async Task<bool> DeleteArticleAsync(string articleName, CancellationToken cancellationToken)
    {
        var id = EntryIds.FromArticleName(articleName);
        var entry = await entries.GetAsync(id, cancellationToken);
        if (entry is null)
        {
            return false;
        }

        await store.PutJsonAsync(Containers.Entries, TombstonePrefix + EntryRepository.BlobName(id), entry, StoredJson.Options, null, false, cancellationToken);
        await entries.DeleteAsync(id, cancellationToken);
        await AnnounceDeletionAsync(entry, cancellationToken);
        return true;
    }

    private async IAsyncEnumerable<Entry> ListTombstonesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in store.ListAsync(Containers.Entries, TombstonePrefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        foreach (var name in names)
        {
            var blob = await store.GetAsync(Containers.Entries, name, cancellationToken);
            if (blob is not null)
            {
                yield return JsonSerializer.Deserialize<Entry>(blob.Content.Span, StoredJson.Options)!;
            }
        }
    }

    private async Task AnnounceDeletionAsync(Entry entry, CancellationToken cancellationToken)
    {
        foreach (var handler in changeHandlers)
        {
            await handler.OnEntryChangedAsync(new EntryChange(EntryChangeKind.Deleted, entry), cancellationToken);
        }

        await store.DeleteAsync(Containers.Entries, TombstonePrefix + EntryRepository.BlobName(entry.Id), null, cancellationToken);
        LogDeleted(logger, entry.Id, entry.Source);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Reconciled {Articles} article(s): {Ingested} ingested, {Deleted} deleted")]
    private static partial void LogReconciled(ILogger logger, int articles, int ingested, int deleted);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Entry {EntryId} removed: article {ArticleName} was deleted")]
    private static partial void LogDeleted(ILogger logger, string entryId, string articleName);
}
