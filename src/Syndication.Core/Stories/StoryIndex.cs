using System.Text.Json;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Stories;

/// <summary>
/// The story documents under <c>journal/stories/</c>: which story an entry belongs to, and who its siblings are.
/// Documents are rewritten with If-Match, so concurrent joins of one story serialise.
/// </summary>
public sealed class StoryIndex(IBlobStore store, TimeProvider timeProvider)
{
    private const string Prefix = "stories/";
    private const string NamedPrefix = "stories/named/";

    /// <summary>
    /// The story of an entry about to be saved, and its document as it stands (null when new):
    /// <list type="number">
    /// <item>the story the entry already has (an entry never changes story);</item>
    /// <item>a Markdown <c>translationKey</c>'s story;</item>
    /// <item>the oldest existing story whose id derives from a URL of the page's cluster (a translation stored
    /// before, whose smallest URL we name or are), or that a stored translation's page named this page in (so a page
    /// that names none of its translations still joins the story of one that names it);</item>
    /// <item>a new story from the cluster's smallest URL.</item>
    /// </list>
    /// </summary>
    public async Task<(string Id, StoryDocument? Document)> ResolveAsync(string? current, string? translationKey, string ownUrl, IReadOnlyList<ArticleAlternate> alternates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alternates);
        if (current is not null)
        {
            return (current, await GetAsync(current, cancellationToken));
        }

        if (!string.IsNullOrWhiteSpace(translationKey))
        {
            var keyed = StoryIds.ForKey(translationKey);
            return (keyed, await GetAsync(keyed, cancellationToken));
        }

        var cluster = StoryIds.Cluster(ownUrl, alternates.Select(a => a.Url));
        if (cluster.Count == 0)
        {
            return (StoryIds.ForUrl(ownUrl), null);
        }

        var candidates = cluster.Select(StoryIds.ForUrl).ToList();
        if (StoryUrl.Normalise(ownUrl) is { } self && await NamedInAsync(self, cancellationToken) is { } namer && !candidates.Contains(namer))
        {
            candidates.Add(namer);
        }

        var found = await Task.WhenAll(candidates.Select(id => GetAsync(id, cancellationToken)));
        var oldest = found.OfType<StoryDocument>().Where(d => d.Members.Count > 0)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault();
        return oldest is not null ? (oldest.Id, oldest) : (candidates[0], found[0]);
    }

    public async Task<StoryDocument?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<StoryDocument>(Containers.Journal, Name(id), StoredJson.Options, cancellationToken))?.Value;

    /// <summary>
    /// Adds or refreshes <paramref name="member"/> (reviving it if it was deleted); returns the document after. Each
    /// translation the member's page names is remembered as named in this story (<c>stories/named/</c>, the first story
    /// to name a URL keeps it), so that page joins this story when it arrives, even if it names nothing itself.
    /// </summary>
    public Task<StoryDocument?> JoinAsync(string id, StoryMember member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return ApplyAsync(id, [StoryMove.Join(member)], cancellationToken);
    }

    /// <summary>Marks the member of a deleted entry as deleted; returns the document after (null when there is none).</summary>
    public Task<StoryDocument?> LeaveAsync(string id, string entryId, CancellationToken cancellationToken) =>
        ApplyAsync(id, [StoryMove.Leave(entryId)], cancellationToken);

    /// <summary>
    /// Applies <paramref name="moves"/> in order (each as <see cref="JoinAsync"/> or <see cref="LeaveAsync"/> would) in
    /// one rewrite of the document, none when nothing changes; returns the document after (null when there is none).
    /// A pass that saves several entries of one story so rewrites its document once, not once per entry.
    /// </summary>
    public async Task<StoryDocument?> ApplyAsync(string id, IReadOnlyList<StoryMove> moves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var document = await UpdateAsync(id, document =>
        {
            var now = timeProvider.GetUtcNow();
            var next = moves.Aggregate(document, (current, move) => Apply(id, current, move, now));
            return ReferenceEquals(next, document) ? null : next;
        }, cancellationToken);

        var named = moves.Select(m => m.Member).OfType<StoryMember>().SelectMany(m => m.Alternates)
            .Select(a => StoryUrl.Normalise(a.Url)).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var url in named)
        {
            var name = NamedName(url);
            if (await store.GetPropertiesAsync(Containers.Journal, name, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await store.PutJsonAsync(Containers.Journal, name, new NamedIn(id), StoredJson.Options, null, true, cancellationToken);
            }
            catch (BlobConflictException)
            {
                // Another story named it first; that one keeps it.
            }
        }

        return document;
    }

    /// <summary>The story whose member's page named <paramref name="normalisedUrl"/> as a translation first, if any.</summary>
    private async Task<string?> NamedInAsync(string normalisedUrl, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<NamedIn>(Containers.Journal, NamedName(normalisedUrl), StoredJson.Options, cancellationToken))?.Value.Story;

    /// <summary>The document after one move; the same instance when the move changes nothing.</summary>
    private static StoryDocument? Apply(string id, StoryDocument? document, StoryMove move, DateTimeOffset now)
    {
        if (move.Member is { } member)
        {
            return document?.Find(member.EntryId) is { } existing && existing.SameAs(member) ? document : With(id, document, member, now);
        }

        return document?.Find(move.EntryId) is { Deleted: false } leaving
            ? document with { Members = [.. document.Members.Select(m => m.EntryId == move.EntryId ? leaving with { Deleted = true } : m)] }
            : document;
    }

    /// <summary>The document as it would be with <paramref name="member"/> joined (nothing is written); members in entry-id order.</summary>
    public static StoryDocument With(string id, StoryDocument? document, StoryMember member, DateTimeOffset now)
    {
        List<StoryMember> members = [.. (document?.Members ?? []).Where(m => m.EntryId != member.EntryId).Append(member).OrderBy(m => m.EntryId, StringComparer.Ordinal)];
        return document is null
            ? new StoryDocument { Id = id, CreatedAt = now, Members = members }
            : document with { Members = members };
    }

    private async Task<StoryDocument?> UpdateAsync(string id, Func<StoryDocument?, StoryDocument?> update, CancellationToken cancellationToken)
    {
        StoryDocument? result = null;
        await store.UpdateAsync(Containers.Journal, Name(id), current =>
        {
            var document = current is null ? null : JsonSerializer.Deserialize<StoryDocument>(current.Content.Span, StoredJson.Options);
            var next = update(document);
            result = next ?? document;
            return next is null
                ? null
                : new BlobContent(JsonSerializer.SerializeToUtf8Bytes(next, StoredJson.Options), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" });
        }, cancellationToken);
        return result;
    }

    private static string Name(string id) => Prefix + id + ".json";

    private static string NamedName(string normalisedUrl) => NamedPrefix + StoryIds.ForUrl(normalisedUrl)[3..] + ".json";

    /// <summary>The record of <c>stories/named/&lt;hash of a URL&gt;.json</c>: the story whose page named that URL first.</summary>
    private sealed record NamedIn(string Story);
}

/// <summary>One change to a story's members: <see cref="Member"/> joins (or is refreshed), or, when null, the member of <see cref="EntryId"/> leaves.</summary>
public sealed record StoryMove(string EntryId, StoryMember? Member)
{
    public static StoryMove Join(StoryMember member) => new((member ?? throw new ArgumentNullException(nameof(member))).EntryId, member);

    public static StoryMove Leave(string entryId) => new(entryId, null);
}
