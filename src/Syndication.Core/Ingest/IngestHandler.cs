using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Ingest;

/// <summary>Outcome of ingesting one upload.</summary>
public enum IngestStatus
{
    Published,
    Updated,
    Unchanged,
    Quarantined,
    Missing,
}

/// <summary>What happened to one upload, and why when it failed.</summary>
public sealed record IngestResult(string ArticleName, IngestStatus Status, string? EntryId = null, string? Reason = null);

/// <summary>
/// Turns <c>articles/&lt;name&gt;</c> into <c>entries/&lt;id&gt;.json</c>. Idempotent: the same bytes give the same
/// version and nothing is rewritten or re-announced. Anything that cannot be extracted is quarantined with a reason.
/// </summary>
public sealed partial class IngestHandler(
    IBlobStore store,
    IArticleExtractor extractor,
    EntryRepository entries,
    QuarantineStore quarantine,
    IEnumerable<IEntryChangeHandler> changeHandlers,
    IOptions<FeedsOptions> feedsOptions,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider timeProvider,
    ILogger<IngestHandler> logger)
{
    public async Task<IngestResult> HandleAsync(string articleName, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(Containers.Articles, articleName, cancellationToken);
        if (blob is null)
        {
            LogMissing(logger, articleName);
            return new IngestResult(articleName, IngestStatus.Missing, Reason: "The article no longer exists.");
        }

        var id = EntryIds.FromArticleName(articleName);
        var version = EntryIds.VersionOf(blob.Content.Span);
        var existing = await entries.GetWithStateAsync(id, cancellationToken);
        if (existing is not null && existing.Value.Entry.Version == version)
        {
            if (!existing.Value.Announced)
            {
                // A previous run stored the entry but stopped before announcing it: finish that work.
                await AnnounceAsync(existing.Value.Entry, existing.Value.PreviousVersion is null ? null : existing.Value.Entry, blob.Properties.ETag, cancellationToken);
            }

            return new IngestResult(articleName, IngestStatus.Unchanged, id);
        }

        if (await quarantine.HoldsVersionAsync(articleName, version, cancellationToken))
        {
            return new IngestResult(articleName, IngestStatus.Quarantined, id, "Already quarantined (same bytes).");
        }

        ExtractedArticle article;
        try
        {
            if (blob.Content.Length > ingestOptions.Value.MaxArticleBytes)
            {
                throw new ExtractionException($"The file is {blob.Content.Length:N0} bytes; the limit is {ingestOptions.Value.MaxArticleBytes:N0}.");
            }

            article = extractor.Extract(new ArticleSource(articleName, blob.Content, blob.Properties.ContentType, ArticleBaseUrl(id)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = ex is ExtractionException ? ex.Message : $"Extraction failed unexpectedly: {ex.GetType().Name}: {ex.Message}";
            await quarantine.PutAsync(articleName, blob, version, reason, cancellationToken);
            LogQuarantined(logger, articleName, reason);
            return new IngestResult(articleName, IngestStatus.Quarantined, id, reason);
        }

        var now = timeProvider.GetUtcNow();
        var previous = existing?.Entry;
        var published = article.Published ?? previous?.Published ?? now;
        var entry = new Entry
        {
            Id = id,
            Version = version,
            Source = articleName,
            Title = article.Title,
            Url = article.CanonicalUrl ?? ArticleBaseUrl(id).ToString(),
            Published = published,
            Updated = previous is null ? Max(article.Updated ?? published, published) : Max(article.Updated ?? now, published),
            Author = article.Author,
            Language = article.Language,
            Image = article.Image,
            Tags = article.Tags,
            CanonicalUrl = article.CanonicalUrl,
            Text = article.Text,
            Html = article.Html,
            Summary = article.Summary,
            IngestedAt = now,
        };

        await entries.PutAsync(entry, blob.Properties.ETag, announced: false, previousVersion: previous?.Version, cancellationToken);
        await AnnounceAsync(entry, previous, blob.Properties.ETag, cancellationToken);
        await quarantine.RemoveAsync(articleName, cancellationToken);

        var status = previous is null ? IngestStatus.Published : IngestStatus.Updated;
        LogIngested(logger, articleName, id, status);
        return new IngestResult(articleName, status, id);
    }

    private async Task AnnounceAsync(Entry entry, Entry? previous, string sourceETag, CancellationToken cancellationToken)
    {
        var change = previous is null
            ? new EntryChange(EntryChangeKind.Published, entry)
            : new EntryChange(EntryChangeKind.Updated, entry, previous);
        foreach (var handler in changeHandlers)
        {
            await handler.OnEntryChangedAsync(change, cancellationToken);
        }

        await entries.PutAsync(entry, sourceETag, announced: true, previousVersion: previous?.Version, cancellationToken);
    }

    private Uri ArticleBaseUrl(string id) => new($"{feedsOptions.Value.ArticleBase}/articles/{id}");

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Ingested {ArticleName} as {EntryId}: {Status}")]
    private static partial void LogIngested(ILogger logger, string articleName, string entryId, IngestStatus status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Quarantined {ArticleName}: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string articleName, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Article {ArticleName} is gone; nothing to ingest")]
    private static partial void LogMissing(ILogger logger, string articleName);
}
