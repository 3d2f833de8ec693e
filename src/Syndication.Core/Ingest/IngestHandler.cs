using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Storage;
using Syndication.Core.Stories;

namespace Syndication.Core.Ingest;

/// <summary>Outcome of ingesting one upload.</summary>
public enum IngestStatus
{
    Published,
    Updated,
    Unchanged,
    Quarantined,
    Missing,

    /// <summary>The upload changed while it was processed; the newer bytes are ingested on their own.</summary>
    Stale,

    /// <summary>Processing failed for a reason other than the upload itself (e.g. storage); retried on the next pass.</summary>
    Failed,
}

/// <summary>What happened to one upload, and why when it failed.</summary>
public sealed record IngestResult(string ArticleName, IngestStatus Status, string? EntryId = null, string? Reason = null);

/// <summary>
/// Turns <c>articles/&lt;name&gt;</c> into an entry: extract, map, and hand it to <see cref="EntryJournal"/>, which
/// stores and announces it. Idempotent: the same bytes give the same version and nothing is rewritten or
/// re-announced. Anything that cannot be extracted is quarantined with a reason. The entry gets its story and the
/// translations known so far (<see cref="StoryIndex"/>); <see cref="StoryLinker"/> completes the links once it is saved.
/// </summary>
public sealed partial class IngestHandler(
    IBlobStore store,
    IArticleExtractor extractor,
    EntryRepository entries,
    EntryJournal journal,
    EntryIdResolver ids,
    StoryIndex stories,
    QuarantineStore quarantine,
    IOptions<FeedsOptions> feedsOptions,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider timeProvider,
    ILogger<IngestHandler> logger)
{
    public async Task<IngestResult> HandleAsync(string articleName, CancellationToken cancellationToken)
    {
        var id = await ids.ForArticleAsync(articleName, cancellationToken);
        BlobProperties? properties;
        try
        {
            properties = await store.GetPropertiesAsync(Containers.Articles, articleName, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            // The store lists it but cannot address it (e.g. a backslash in a folder store): report it by name.
            var unusable = new BlobProperties(Containers.Articles, articleName, "", timeProvider.GetUtcNow(), 0, null, null, new Dictionary<string, string>(), ex.Message);
            return await ReportUnusableAsync(unusable, cancellationToken);
        }

        if (properties is null)
        {
            LogMissing(logger, articleName);
            return new IngestResult(articleName, IngestStatus.Missing, Reason: "The article no longer exists.");
        }

        if (properties.Unusable is not null)
        {
            return await ReportUnusableAsync(properties, cancellationToken);
        }

        if (await quarantine.HoldsAsync(articleName, properties.ETag, cancellationToken))
        {
            return new IngestResult(articleName, IngestStatus.Quarantined, id, "Already quarantined (same bytes).");
        }

        // Size first, from the properties: an empty or oversized upload is never read, nor copied.
        var limit = ingestOptions.Value.MaxArticleBytes;
        if (properties.Length == 0)
        {
            return await QuarantineUnreadAsync(properties, "The file is empty (0 bytes).", cancellationToken);
        }

        if (properties.Length > limit)
        {
            return await QuarantineUnreadAsync(properties, TooLarge(properties.Length, limit), cancellationToken);
        }

        BlobRecord? blob;
        try
        {
            blob = await store.ReadAsync(Containers.Articles, articleName, limit, cancellationToken);
        }
        catch (BlobTooLargeException ex)
        {
            return await QuarantineUnreadAsync(properties with { Length = ex.Length }, TooLarge(ex.Length, limit), cancellationToken); // it grew since
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or StorageUnavailableException))
        {
            return await QuarantineUnreadAsync(properties, $"The file could not be read: {ex.Message}", cancellationToken);
        }

        if (blob is null)
        {
            LogMissing(logger, articleName);
            return new IngestResult(articleName, IngestStatus.Missing, Reason: "The article no longer exists.");
        }

        // The store may have hashed the bytes already (the folder store does, for its ETag): 122 MB fewer to hash in a bulk import of 724 pages.
        var version = blob.Sha256Prefix ?? EntryIds.VersionOf(blob.Content.Span);
        var source = new EntrySource(articleName, blob.Properties.ETag);
        var existing = await entries.GetWithStateAsync(id, cancellationToken);
        if (existing is not null && existing.Value.Entry.Version == version)
        {
            await journal.SaveAsync(id, version, source, _ => existing.Value.Entry, existing, cancellationToken);
            return new IngestResult(articleName, IngestStatus.Unchanged, id);
        }

        ExtractedArticle article;
        try
        {
            article = extractor.Extract(new ArticleSource(articleName, blob.Content, blob.Properties.ContentType, ArticleLinks.ExtractionBase(id, feedsOptions.Value)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = ex is ExtractionException ? ex.Message : $"Extraction failed unexpectedly: {ex.GetType().Name}: {ex.Message}";
            await quarantine.PutAsync(articleName, blob, version, reason, cancellationToken);
            LogQuarantined(logger, articleName, reason);
            return new IngestResult(articleName, IngestStatus.Quarantined, id, reason);
        }

        var now = timeProvider.GetUtcNow();
        var url = ArticleLinks.EntryUrl(id, article.CanonicalUrl, feedsOptions.Value);
        var (story, storyDocument) = await stories.ResolveAsync(existing?.Entry.Story, article.TranslationKey, url, article.Alternates, cancellationToken);
        var outcome = await journal.SaveAsync(id, version, source, previous => Map(article, id, version, articleName, previous, now) with
        {
            Story = previous?.Story ?? story,
            Alternates = article.Alternates,
            Translations = StoryTranslations.For(StoryIndex.With(story, storyDocument, new StoryMember(id, article.Language, url, article.Alternates), now), id, article.Language, url),
        }, existing, cancellationToken);
        if (outcome == EntryWriteOutcome.Stale)
        {
            return new IngestResult(articleName, IngestStatus.Stale, id, "The article changed while it was read; its newer bytes are ingested instead.");
        }

        await quarantine.RemoveAsync(articleName, cancellationToken);
        var status = outcome switch
        {
            EntryWriteOutcome.Published => IngestStatus.Published,
            EntryWriteOutcome.Updated => IngestStatus.Updated,
            _ => IngestStatus.Unchanged,
        };
        LogIngested(logger, articleName, id, status);
        return new IngestResult(articleName, status, id);
    }

    /// <summary>Reports an upload whose name the store cannot hold: a quarantine record without a copy, so it shows by name.</summary>
    public async Task<IngestResult> ReportUnusableAsync(BlobProperties article, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        var reason = $"The store cannot use this upload: {article.Unusable}";
        await quarantine.PutWithoutCopyAsync(article.Name, article, reason, cancellationToken);
        LogQuarantined(logger, article.Name, reason);
        return new IngestResult(article.Name, IngestStatus.Quarantined, EntryIds.FromArticleName(article.Name), reason);
    }

    private async Task<IngestResult> QuarantineUnreadAsync(BlobProperties properties, string reason, CancellationToken cancellationToken)
    {
        await quarantine.PutWithoutCopyAsync(properties.Name, properties, reason, cancellationToken);
        LogQuarantined(logger, properties.Name, reason);
        return new IngestResult(properties.Name, IngestStatus.Quarantined, EntryIds.FromArticleName(properties.Name), reason);
    }

    private static string TooLarge(long length, long limit) =>
        $"The file is {length:N0} bytes; the limit (Ingest:MaxArticleBytes) is {limit:N0}. It was neither read nor copied; the original stays in articles/.";

    /// <summary>The entry for an extracted article; <paramref name="previous"/> is the version it replaces, if any.</summary>
    private Entry Map(ExtractedArticle article, string id, string version, string articleName, Entry? previous, DateTimeOffset now)
    {
        var published = article.Published ?? previous?.Published ?? now;
        return new Entry
        {
            Id = id,
            Version = version,
            Source = articleName,
            Title = article.Title,
            Url = ArticleLinks.EntryUrl(id, article.CanonicalUrl, feedsOptions.Value),
            Published = published,
            // When the entry last changed: a date-only publication date (midnight) says nothing about that, so a new
            // entry without a modification date is stamped with its ingestion, and entries never share midnight.
            Updated = previous is null ? Max(article.Updated ?? (published.TimeOfDay == TimeSpan.Zero ? now : published), published) : Max(article.Updated ?? now, published),
            Author = article.Author,
            Language = article.Language,
            Image = article.Image,
            Tags = article.Tags,
            CanonicalUrl = article.CanonicalUrl,
            Text = article.Text,
            Html = article.Html,
            Summary = article.Summary,
            IngestedAt = now,
            Limits = article.Limits,
        };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Ingested {ArticleName} as {EntryId}: {Status}")]
    private static partial void LogIngested(ILogger logger, string articleName, string entryId, IngestStatus status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Quarantined {ArticleName}: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string articleName, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Article {ArticleName} is gone; nothing to ingest")]
    private static partial void LogMissing(ILogger logger, string articleName);
}
