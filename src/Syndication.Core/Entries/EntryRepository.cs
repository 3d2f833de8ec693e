using System.Runtime.CompilerServices;
using System.Text.Json;
using Syndication.Core.Storage;

namespace Syndication.Core.Entries;

/// <summary>An entry as stored, with the ETag of its blob and the ETag of the article bytes it was made from.</summary>
/// <param name="OutboxBatch">The outbox batch it was saved under (<see cref="EntryMetadata.OutboxBatch"/>), if any.</param>
public readonly record struct StoredEntry(Entry Entry, string ETag, string? SourceETag, string? OutboxBatch = null);

/// <summary>Listing row for an entry, from blob metadata only (no content read).</summary>
/// <param name="LegacyUnannounced">Written by a release before the journal and never announced (its "announced" flag is false).</param>
/// <param name="OutboxBatch">The outbox batch it was saved under (<see cref="EntryMetadata.OutboxBatch"/>), if any.</param>
public sealed record EntryListing(string Id, string? Source, string? Version, string? SourceETag, bool LegacyUnannounced = false, string? OutboxBatch = null);

/// <summary>
/// Reads <c>entries/&lt;id&gt;.json</c>. Read-only: every write goes through <see cref="EntryJournal"/>, the one owner
/// of entry writes, deletions and their announcements.
/// </summary>
public sealed class EntryRepository(IBlobStore store)
{
    public static string BlobName(string id) => id + ".json";

    public async Task<Entry?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await GetWithStateAsync(id, cancellationToken))?.Entry;

    public async Task<StoredEntry?> GetWithStateAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(Containers.Entries, BlobName(id), cancellationToken);
        if (blob is null)
        {
            return null;
        }

        var entry = JsonSerializer.Deserialize<Entry>(blob.Content.Span, StoredJson.Options)
            ?? throw new InvalidDataException($"entries/{BlobName(id)} holds JSON null.");
        return new StoredEntry(entry, blob.Properties.ETag, EntryMetadata.Read(blob.Properties.Metadata, EntryMetadata.SourceETag),
            EntryMetadata.Read(blob.Properties.Metadata, EntryMetadata.OutboxBatch));
    }

    /// <summary>The stored entry's ETag (null when there is none), from its properties alone.</summary>
    public async Task<string?> GetETagAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetPropertiesAsync(Containers.Entries, BlobName(id), cancellationToken))?.ETag;

    /// <summary>Every entry's id, source and version, from a listing (no content reads).</summary>
    public async IAsyncEnumerable<EntryListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(Containers.Entries, "", cancellationToken))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal) || blob.Name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var source = EntryMetadata.Read(blob.Metadata, EntryMetadata.Source);
            yield return new EntryListing(
                blob.Name[..^5],
                source is null ? null : Uri.UnescapeDataString(source),
                EntryMetadata.Read(blob.Metadata, EntryMetadata.Version),
                EntryMetadata.Read(blob.Metadata, EntryMetadata.SourceETag),
                EntryMetadata.Read(blob.Metadata, EntryMetadata.LegacyAnnounced) == "false",
                EntryMetadata.Read(blob.Metadata, EntryMetadata.OutboxBatch));
        }
    }

    /// <summary>Every entry, read in full.</summary>
    public async IAsyncEnumerable<Entry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var listing in ListAsync(cancellationToken))
        {
            var entry = await GetAsync(listing.Id, cancellationToken);
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }
}
