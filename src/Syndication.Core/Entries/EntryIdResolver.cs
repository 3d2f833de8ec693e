using Syndication.Core.Storage;

namespace Syndication.Core.Entries;

/// <summary>
/// Which id an article's entry has: the 64-bit <see cref="EntryIds.FromArticleName"/> id, unless an entry of this
/// article was made before ids had 64 bits and still lives under its <see cref="EntryIds.LegacyFromArticleName"/>
/// id, which it keeps (its <c>/articles/&lt;id&gt;</c> URL, feed item ids and webhook ids stay stable).
/// </summary>
public sealed class EntryIdResolver(IBlobStore store)
{
    /// <summary>One metadata read of the legacy id's blob.</summary>
    public async Task<string> ForArticleAsync(string articleName, CancellationToken cancellationToken)
    {
        var legacy = EntryIds.LegacyFromArticleName(articleName);
        var properties = await store.GetPropertiesAsync(Containers.Entries, EntryRepository.BlobName(legacy), cancellationToken);
        return properties is not null && IsSource(EntryMetadata.Read(properties.Metadata, EntryMetadata.Source), articleName)
            ? legacy
            : EntryIds.FromArticleName(articleName);
    }

    /// <summary>The same answer from a listing of <c>entries/</c> (no storage operation).</summary>
    public static string ForArticle(string articleName, IReadOnlyDictionary<string, EntryListing> entriesById)
    {
        ArgumentNullException.ThrowIfNull(entriesById);
        var legacy = EntryIds.LegacyFromArticleName(articleName);
        return entriesById.TryGetValue(legacy, out var listing) && listing.Source == articleName
            ? legacy
            : EntryIds.FromArticleName(articleName);
    }

    private static bool IsSource(string? escapedSource, string articleName) =>
        escapedSource is not null && Uri.UnescapeDataString(escapedSource) == articleName;
}
