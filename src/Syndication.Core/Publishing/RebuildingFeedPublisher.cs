using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Publishing;

/// <summary>
/// Publishes by rewriting every head feed from all entries. Simple and always right; its cost grows with the
/// archive, so it serves rebuilds and small sites.
/// </summary>
public sealed class RebuildingFeedPublisher(
    IBlobStore store,
    EntryRepository entries,
    IEnumerable<IFeedFormatter> formatters,
    IOpmlWriter opml,
    IOptions<FeedsOptions> options,
    TimeProvider timeProvider) : IFeedPublisher
{
    public Task PublishAsync(IReadOnlyList<PublishMessage> changes, CancellationToken cancellationToken) =>
        changes.Count == 0 ? Task.CompletedTask : RebuildAsync(cancellationToken);

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var feeds = options.Value;
        var all = new List<Entry>();
        await foreach (var entry in entries.ReadAllAsync(cancellationToken))
        {
            all.Add(entry);
        }

        all.Sort(FeedOrder.NewestFirst);
        var scopes = new Dictionary<string, (FeedScope Scope, List<Entry> Entries)>(StringComparer.Ordinal)
        {
            [""] = (FeedScope.Site(feeds.Title), []),
        };
        foreach (var entry in all)
        {
            foreach (var scope in FeedScopes.For(entry, feeds))
            {
                if (!scopes.TryGetValue(scope.Path, out var bucket))
                {
                    bucket = (scope, []);
                    scopes[scope.Path] = bucket;
                }

                bucket.Entries.Add(entry);
            }
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        var outlines = new List<OpmlOutline>();
        var now = timeProvider.GetUtcNow();
        foreach (var (scope, scopeEntries) in scopes.Values.OrderBy(s => s.Scope.Path, StringComparer.Ordinal))
        {
            var head = scopeEntries.Take(feeds.HeadSize).ToList();
            var document = new FeedDocument
            {
                Scope = scope,
                Title = scope.Title,
                Subtitle = feeds.Description,
                Language = scope.Language,
                SiteUrl = feeds.Base + "/",
                BaseUrl = $"{feeds.Base}/feeds/{scope.Prefix}",
                HubUrl = feeds.HubUrl?.ToString(),
                IconUrl = feeds.IconUrl?.ToString(),
                Updated = head.Count > 0 ? head.Max(e => e.Updated) : now,
                Entries = head,
            };
            foreach (var formatter in formatters)
            {
                var name = scope.Prefix + formatter.FileName;
                await PutFeedAsync(name, formatter.Format(document), formatter.ContentType, cancellationToken);
                written.Add(name);
                outlines.Add(new OpmlOutline(scope.Title, $"{feeds.Base}/feeds/{name}", feeds.Base + "/", formatter.FileName, scope.Language));
            }
        }

        await PutFeedAsync("index.opml", opml.Write(feeds.Title, outlines), "text/x-opml; charset=utf-8", cancellationToken);
        written.Add("index.opml");

        var stale = new List<string>();
        await foreach (var blob in store.ListAsync(Containers.Feeds, "", cancellationToken))
        {
            if (!written.Contains(blob.Name))
            {
                stale.Add(blob.Name);
            }
        }

        foreach (var name in stale)
        {
            await store.DeleteAsync(Containers.Feeds, name, null, cancellationToken);
        }
    }

    private async Task PutFeedAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(Containers.Feeds, name, cancellationToken);
        if (current is not null && current.Content.Span.SequenceEqual(content))
        {
            return; // unchanged: keep the ETag so readers get 304s
        }

        await store.PutAsync(Containers.Feeds, name, content, new BlobWriteOptions
        {
            ContentType = contentType,
            CacheControl = "public, max-age=60",
        }, cancellationToken);
    }
}

/// <summary>The order of entries in every feed.</summary>
public static class FeedOrder
{
    /// <summary>Newest published first; ties broken by id so the order is stable.</summary>
    public static Comparison<Entry> NewestFirst { get; } = (a, b) =>
    {
        var byDate = b.Published.CompareTo(a.Published);
        return byDate != 0 ? byDate : string.CompareOrdinal(a.Id, b.Id);
    };
}
