using System.Globalization;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Publishing;

/// <summary>
/// Renders a scope's head and archive pages in every format and writes them to <c>feeds/</c> with content type
/// and Cache-Control (Azure serves the container as-is). Writes are ordered by a sequence number kept in blob
/// metadata, so a slow writer holding an older state never overwrites a newer document.
/// </summary>
public sealed class FeedDocumentStore(IBlobStore store, IEnumerable<IFeedFormatter> formatters, IOptions<FeedsOptions> options)
{
    private const string SeqKey = "seq";
    private readonly IReadOnlyList<IFeedFormatter> _formatters = [.. formatters];

    public const string HeadCacheControl = "public, max-age=60";
    public const string OpenPageCacheControl = "public, max-age=300";

    /// <summary>Sealed pages change only when an old article is edited or removed.</summary>
    public const string SealedPageCacheControl = "public, max-age=86400";

    public IReadOnlyList<IFeedFormatter> Formatters => _formatters;

    /// <summary>Absolute URLs of a scope's head documents (WebSub topics).</summary>
    public IEnumerable<string> HeadUrls(string scopePath) =>
        _formatters.Select(f => $"{options.Value.Base}/feeds/{Prefix(scopePath)}{f.FileName}");

    public static string Prefix(string scopePath) => scopePath.Length == 0 ? "" : scopePath + "/";

    public static string HeadName(string scopePath, IFeedFormatter formatter) => Prefix(scopePath) + formatter.FileName;

    public static string PageName(string scopePath, int page, IFeedFormatter formatter) =>
        Prefix(scopePath) + PublishingPaths.ArchiveStem(page) + formatter.ArchiveSuffix;

    /// <summary>Writes the head documents; returns the blob names it considered.</summary>
    public Task<IReadOnlyList<string>> WriteHeadAsync(ScopeIndex index, long guard, bool skipIfSame, CancellationToken cancellationToken) =>
        WriteAllAsync(index, index.Head, page: null, prev: index.HasArchive ? index.OpenPage : null, next: null,
            HeadCacheControl, guard, skipIfSame, cancellationToken);

    public Task<IReadOnlyList<string>> WriteOpenPageAsync(ScopeIndex index, long guard, bool skipIfSame, CancellationToken cancellationToken) =>
        WriteAllAsync(index, index.Open, index.OpenPage, index.OpenPage > 1 ? index.OpenPage - 1 : null, next: null,
            OpenPageCacheControl, guard, skipIfSame, cancellationToken);

    /// <summary>A sealed page always has a newer neighbour: the open page exists from the moment it is sealed.</summary>
    public Task<IReadOnlyList<string>> WriteSealedPageAsync(ScopeIndex index, ArchivePageData page, bool skipIfSame, CancellationToken cancellationToken) =>
        WriteAllAsync(index, page.Entries, page.Number, page.Number > 1 ? page.Number - 1 : null, page.Number + 1,
            SealedPageCacheControl, page.Version, skipIfSame, cancellationToken);

    private async Task<IReadOnlyList<string>> WriteAllAsync(ScopeIndex index, IReadOnlyList<Entry> entries, int? page, int? prev, int? next,
        string cacheControl, long guard, bool skipIfSame, CancellationToken cancellationToken)
    {
        var document = Document(index, entries, page, prev, next);
        var names = _formatters.Select(f => page is null ? HeadName(index.Path, f) : PageName(index.Path, page.Value, f)).ToList();

        // The formats are independent blobs: written at once, they share the store's flushes. Each is rendered into a
        // reused buffer, which goes back once every write is over (Task.WhenAll waits for all, failed or not); after a
        // failure the buffers are left to the collector, since a write may still be reading one.
        var buffers = new List<MemoryStream>(_formatters.Count);
        var writes = new List<Task<bool>>(_formatters.Count);
        for (var i = 0; i < _formatters.Count; i++)
        {
            var buffer = DocumentBuffers.Rent();
            buffers.Add(buffer);
            _formatters[i].Format(document, buffer);
            writes.Add(WriteAsync(names[i], buffer.GetBuffer().AsMemory(0, (int)buffer.Length), _formatters[i].ContentType, cacheControl, guard, skipIfSame, cancellationToken));
        }

        await Task.WhenAll(writes);
        buffers.ForEach(DocumentBuffers.Return);
        return names;
    }

    public FeedDocument Document(ScopeIndex index, IReadOnlyList<Entry> entries, int? page, int? prev, int? next)
    {
        var feeds = options.Value;
        return new FeedDocument
        {
            Scope = new FeedScope(index.Path, index.Title, index.Language, index.Tag),
            Title = index.Title,
            Subtitle = feeds.Description,
            Language = index.Language,
            SiteUrl = feeds.HomePageUrl?.ToString() ?? feeds.Base + "/",
            BaseUrl = $"{feeds.Base}/feeds/{Prefix(index.Path)}",
            HubUrl = feeds.AdvertisedHubUrl?.ToString(),
            IconUrl = feeds.IconUrl?.ToString(),
            // From the entries (or the last commit for an empty head), never "now": same state, same bytes.
            Updated = entries.Count > 0 ? entries.Max(e => e.Updated > e.Published ? e.Updated : e.Published) : page is null ? index.Updated : DateTimeOffset.UnixEpoch,
            Entries = [.. entries.Select(e => Ingest.ArticleLinks.ForCurrentBase(e, feeds))],
            ArchivePage = page is null ? null : PublishingPaths.ArchiveStem(page.Value),
            PrevArchive = prev is null ? null : PublishingPaths.ArchiveStem(prev.Value),
            NextArchive = next is null ? null : PublishingPaths.ArchiveStem(next.Value),
        };
    }

    /// <summary>
    /// Writes one document unless a newer one (higher sequence) is there, or the bytes are already the same
    /// (which keeps the ETag, so readers get 304s). With <paramref name="skipIfSame"/> false, identical bytes
    /// under an older sequence are rewritten to record the newer sequence, so an in-flight older writer cannot
    /// slip in afterwards.
    /// </summary>
    public async Task<bool> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, string cacheControl, long guard, bool skipIfSame, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(Containers.Feeds, name, cancellationToken);
            if (current is not null)
            {
                var seq = current.Properties.Metadata.TryGetValue(SeqKey, out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : -1;
                var same = current.Content.Span.SequenceEqual(content.Span) && current.Properties.ContentType == contentType && current.Properties.CacheControl == cacheControl;
                if (seq > guard || (same && (skipIfSame || seq == guard)))
                {
                    return false;
                }
            }

            try
            {
                await store.PutAsync(Containers.Feeds, name, content, new BlobWriteOptions
                {
                    ContentType = contentType,
                    CacheControl = cacheControl,
                    Metadata = new Dictionary<string, string> { [SeqKey] = guard.ToString(CultureInfo.InvariantCulture) },
                    IfMatch = current?.Properties.ETag,
                    CreateOnly = current is null,
                }, cancellationToken);
                return true;
            }
            catch (BlobConflictException) when (attempt < 50)
            {
                // Another writer got there first; re-read and compare sequences again.
            }
        }
    }
}

/// <summary>
/// Buffers that feed documents are rendered into, kept for the next document: a fresh array per document (a few hundred
/// KB for a site feed, about 100 MB over a bulk import) lands on the large object heap and is zeroed and paged in anew.
/// A buffer grown past <see cref="RetainedCapacity"/> is let go rather than kept for good.
/// </summary>
internal static class DocumentBuffers
{
    private const int RetainedCapacity = 4 * 1024 * 1024;
    private const int Retained = 64;
    private static readonly System.Collections.Concurrent.ConcurrentBag<MemoryStream> Free = [];

    public static MemoryStream Rent() => Free.TryTake(out var buffer) ? buffer : new MemoryStream(64 * 1024);

    public static void Return(MemoryStream buffer)
    {
        if (buffer.Capacity <= RetainedCapacity && Free.Count < Retained)
        {
            buffer.SetLength(0);
            Free.Add(buffer);
        }
    }
}
