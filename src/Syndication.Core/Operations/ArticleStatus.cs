using System.Runtime.CompilerServices;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Storage;

namespace Syndication.Core.Operations;

/// <summary>Where an uploaded article stands, in an editor's words.</summary>
public enum ArticleState
{
    /// <summary>Its current upload is extracted and in the feeds.</summary>
    Published,

    /// <summary>Its upload failed and nothing of it is published.</summary>
    Quarantined,

    /// <summary>The latest upload failed; an older version is still published.</summary>
    Superseded,

    /// <summary>Uploaded, not processed yet.</summary>
    Pending,
}

/// <summary>One article as the operator page and <c>status</c> show it.</summary>
public sealed record ArticleStatus(
    string ArticleName,
    ArticleState State,
    DateTimeOffset Uploaded,
    Entry? Entry,
    QuarantineRecord? Quarantine);

/// <summary>Answers "what happened to my upload?" from listings of articles/, entries/ and quarantine/.</summary>
public sealed class ArticleStatusQuery(IBlobStore store, EntryRepository entries, QuarantineStore quarantine)
{
    /// <summary>The most recently uploaded articles first.</summary>
    public async Task<IReadOnlyList<ArticleStatus>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        var articles = new List<BlobProperties>();
        await foreach (var article in store.ListAsync(Containers.Articles, "", cancellationToken))
        {
            articles.Add(article);
        }

        var listings = new Dictionary<string, EntryListing>(StringComparer.Ordinal);
        await foreach (var listing in entries.ListAsync(cancellationToken))
        {
            listings[listing.Id] = listing;
        }

        var result = new List<ArticleStatus>();
        foreach (var article in articles.OrderByDescending(a => a.LastModified).ThenBy(a => a.Name, StringComparer.Ordinal).Take(limit))
        {
            result.Add(await DescribeAsync(article, listings, cancellationToken));
        }

        return result;
    }

    /// <summary>One article by its blob name, or null when there is no such upload.</summary>
    public async Task<ArticleStatus?> GetAsync(string articleName, CancellationToken cancellationToken)
    {
        BlobProperties? article;
        try
        {
            article = await store.GetPropertiesAsync(Containers.Articles, articleName, cancellationToken);
        }
        catch (ArgumentException)
        {
            // A name the store cannot address: what is known of it is its quarantine record.
            var record = await quarantine.GetAsync(articleName, cancellationToken);
            return record is null ? null : new ArticleStatus(articleName, ArticleState.Quarantined, record.QuarantinedAt, null, record);
        }

        if (article is null)
        {
            return null;
        }

        var id = EntryIds.FromArticleName(articleName);
        var listings = new Dictionary<string, EntryListing>(StringComparer.Ordinal);
        var entry = await entries.GetWithStateAsync(id, cancellationToken);
        if (entry is not null)
        {
            listings[id] = new EntryListing(id, articleName, entry.Value.Entry.Version, null);
        }

        return await DescribeAsync(article, listings, cancellationToken);
    }

    public async IAsyncEnumerable<QuarantineRecord> QuarantinedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in quarantine.ListAsync(cancellationToken))
        {
            yield return record;
        }
    }

    private async Task<ArticleStatus> DescribeAsync(BlobProperties article, Dictionary<string, EntryListing> listings, CancellationToken cancellationToken)
    {
        var id = EntryIds.FromArticleName(article.Name);
        var entry = listings.ContainsKey(id) ? await entries.GetAsync(id, cancellationToken) : null;
        var failed = await quarantine.GetAsync(article.Name, cancellationToken);
        var state = (entry, failed) switch
        {
            (not null, null) => ArticleState.Published,
            (not null, not null) => ArticleState.Superseded,
            (null, not null) => ArticleState.Quarantined,
            _ => ArticleState.Pending,
        };
        return new ArticleStatus(article.Name, state, article.LastModified, entry, failed);
    }
}
