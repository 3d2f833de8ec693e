using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Storage;

namespace Syndication.Core.Reconcile;

/// <summary>Progress of a reconcile pass: uploads ingested so far out of those that needed it.</summary>
public sealed record ReconcileProgress(int Done, int Total, IngestResult Last);

/// <summary>What one reconcile pass found and did.</summary>
/// <param name="Refusal">Set when the pass refused to delete entries because too many lost their article at once.</param>
public sealed record ReconcileResult(int Articles, int Ingested, int Deleted, IReadOnlyList<IngestResult> Results, MassDeleteRefusal? Refusal = null);

/// <summary>
/// Periodic healing: compares the listings of <c>articles/</c>, <c>entries/</c> and the quarantine, ingests
/// articles that have no current entry (missed or failed events) and asks <see cref="EntryJournal"/> to remove
/// entries whose article was deleted. First it lets the journal finish announcements a crash interrupted.
/// Deletions pass <see cref="MassDeleteGuard"/> first: a missing container, an empty listing or too many at once
/// delete nothing until an operator confirms (<c>allowMassDelete</c>).
/// Reads listings only, plus the articles that changed.
/// </summary>
public sealed partial class ReconcileHandler(
    IBlobStore store,
    EntryRepository entries,
    EntryJournal journal,
    IngestHandler ingest,
    QuarantineStore quarantine,
    MassDeleteGuard guard,
    ILogger<ReconcileHandler> logger)
{
    /// <summary>Uploads ingested at once in a pass.</summary>
    public const int IngestConcurrency = 8;

    /// <param name="allowMassDelete">The operator confirmed: delete whatever lost its article, however much.</param>
    public async Task<ReconcileResult> HandleAsync(CancellationToken cancellationToken, IProgress<ReconcileProgress>? progress = null, bool allowMassDelete = false)
    {
        await journal.RecoverAsync(cancellationToken);

        var byId = new Dictionary<string, EntryListing>(StringComparer.Ordinal);
        await foreach (var listing in entries.ListAsync(cancellationToken))
        {
            byId[listing.Id] = listing;
            if (listing.LegacyUnannounced)
            {
                await journal.RecoverLegacyAsync(listing.Id, cancellationToken);
            }
        }

        var quarantined = await quarantine.KnownAsync(cancellationToken);

        var results = new List<IngestResult>();
        var liveIds = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<string>();
        var articles = 0;
        await foreach (var article in store.ListAsync(Containers.Articles, "", cancellationToken))
        {
            articles++;
            var id = EntryIdResolver.ForArticle(article.Name, byId);
            liveIds.Add(id);
            var etag = article.ETag.Trim('"');
            var current = byId.TryGetValue(id, out var listing) && listing.SourceETag == etag;
            var knownBad = quarantined.TryGetValue(article.Name, out var badETag) && badETag == etag;
            if (current || knownBad)
            {
                continue;
            }

            if (article.Unusable is not null)
            {
                results.Add(await ingest.ReportUnusableAsync(article, cancellationToken));
                continue;
            }

            pending.Add(article.Name);
        }

        results.AddRange(await IngestAllAsync(pending, progress, cancellationToken));

        var gone = byId.Values.Where(l => !liveIds.Contains(l.Id)).ToList();
        var objection = gone.Count == 0 ? null : guard.Check(await store.ContainerExistsAsync(Containers.Articles, cancellationToken), articles, byId.Count, gone);
        MassDeleteRefusal? refusal = null;
        var deleted = 0;
        if (objection is not null && !allowMassDelete)
        {
            refusal = await guard.RefuseAsync(objection, byId.Count, gone, cancellationToken);
        }
        else
        {
            foreach (var listing in gone)
            {
                if (await journal.DeleteAsync(listing.Id, cancellationToken) == EntryWriteOutcome.Deleted)
                {
                    deleted++;
                }
            }

            await guard.ClearAsync(cancellationToken);
        }

        var ingested = results.Count(r => r.Status is IngestStatus.Published or IngestStatus.Updated);
        LogReconciled(logger, articles, ingested, deleted);
        return new ReconcileResult(articles, ingested, deleted, results, refusal);
    }

    /// <summary>
    /// Ingests <see cref="IngestConcurrency"/> uploads at a time: an ingest mostly waits for storage (a folder store's
    /// flushes, Azure round trips), and concurrent writers share those waits (one directory flush, one journal
    /// commit of the file system for several files). Each ingest is independent: the journal's If-Match and outbox
    /// keep concurrent saves of one entry correct. Results keep the listing's order.
    /// </summary>
    private async Task<IngestResult[]> IngestAllAsync(List<string> pending, IProgress<ReconcileProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new IngestResult[pending.Count];
        var done = 0;
        var gate = new Lock();

        // The pass's changes are saved under one outbox batch and announced together (a few publish messages, not one
        // per entry); until then the batch record keeps them, so a crash mid-pass loses nothing.
        var deferral = journal.DeferAnnouncements();
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, pending.Count),
                new ParallelOptions { MaxDegreeOfParallelism = IngestConcurrency, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var result = await IngestOneAsync(pending[index], token);
                    results[index] = result;
                    lock (gate)
                    {
                        progress?.Report(new ReconcileProgress(++done, pending.Count, result));
                    }
                });
        }
        catch
        {
            // Storage went away or the pass was cancelled: what was saved stays in the batch for the next pass to announce.
            deferral.Abandon();
            throw;
        }

        await deferral.CompleteAsync(cancellationToken);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].EntryId is { } id && deferral.Failed.TryGetValue(id, out var why) && results[i].Status is IngestStatus.Published or IngestStatus.Updated)
            {
                results[i] = results[i] with { Status = IngestStatus.Failed, Reason = $"Saved, but announcing it failed; the next pass announces it: {why}" };
            }
        }

        return results;
    }

    /// <summary>One upload's failure is reported with it and the pass goes on; the next pass tries it again.</summary>
    private async Task<IngestResult> IngestOneAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await ingest.HandleAsync(name, cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or StorageUnavailableException))
        {
            LogIngestFailed(logger, ex, name);
            return new IngestResult(name, IngestStatus.Failed, EntryIds.FromArticleName(name), $"Processing failed and is retried on the next pass: {ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Processing {ArticleName} failed; the pass goes on and the next one retries it")]
    private static partial void LogIngestFailed(ILogger logger, Exception exception, string articleName);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Reconciled {Articles} article(s): {Ingested} ingested, {Deleted} deleted")]
    private static partial void LogReconciled(ILogger logger, int articles, int ingested, int deleted);
}
