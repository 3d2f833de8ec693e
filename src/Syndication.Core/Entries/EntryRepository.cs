using System.Runtime.CompilerServices;
using System.Text.Json;
using Syndication.Core.Storage;

namespace Syndication.Core.Entries;

/// <summary>An entry with the bookkeeping kept in its blob metadata.</summary>
/// <param name="Announced">Whether change handlers ran for this version.</param>
/// <param name="PreviousVersion">The version this one replaced, if any.</param>
public readonly record struct StoredEntry(Entry Entry, string ETag, bool Announced, string? PreviousVersion);

/// <summary>Listing row for an entry, from blob metadata only (no content read).</summary>
public sealed record EntryListing(string Id, string? Source, string? Version, string? SourceETag);

/// <summary>Reads and writes <c>entries/&lt;id&gt;.json</c>; keeps version and source ETag in blob metadata so Reconcile can compare without reading content.</summary>
public sealed class EntryRepository(IBlobStore store)
{
    internal const string SourceKey = "source";
    internal const string VersionKey = "version";
    internal const string SourceETagKey = "sourceetag";
    internal const string AnnouncedKey = "announced";
    internal const string PreviousVersionKey = "previousversion";

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
        var metadata = blob.Properties.Metadata;
        var announced = !metadata.TryGetValue(AnnouncedKey, out var a) || a == "true";
        metadata.TryGetValue(PreviousVersionKey, out var previous);
        return new StoredEntry(entry, blob.Properties.ETag, announced, string.IsNullOrEmpty(previous) ? null : previous);
    }

    public Task PutAsync(Entry entry, string? sourceETag, bool announced, string? previousVersion, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [SourceKey] = Uri.EscapeDataString(entry.Source),
            [VersionKey] = entry.Version,
            [AnnouncedKey] = announced ? "true" : "false",
        };
        if (sourceETag is not null)
        {
            metadata[SourceETagKey] = sourceETag.Trim('"');
        }

        if (previousVersion is not null)
        {
            metadata[PreviousVersionKey] = previousVersion;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, StoredJson.Options);
        return store.PutAsync(Containers.Entries, BlobName(entry.Id), bytes, new BlobWriteOptions
        {
            ContentType = "application/json; charset=utf-8",
            Metadata = metadata,
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        store.DeleteAsync(Containers.Entries, BlobName(id), ifMatch: null, cancellationToken);

    /// <summary>Every entry's id, source and version, from a listing (no content reads).</summary>
    public async IAsyncEnumerable<EntryListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(Containers.Entries, "", cancellationToken))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal) || blob.Name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            blob.Metadata.TryGetValue(SourceKey, out var source);
            blob.Metadata.TryGetValue(VersionKey, out var version);
            blob.Metadata.TryGetValue(SourceETagKey, out var sourceETag);
            yield return new EntryListing(blob.Name[..^5], source is null ? null : Uri.UnescapeDataString(source), version, sourceETag);
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
