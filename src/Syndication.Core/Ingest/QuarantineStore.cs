using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Ingest;

/// <summary>The readable reason kept for a quarantined upload.</summary>
/// <param name="Version">Hash of the bytes, or empty when they were not read (too large, empty, unreadable, a name the store cannot hold).</param>
/// <param name="Copied">Whether the original bytes were copied into the quarantine (large uploads are not: the original stays in <c>articles/</c>).</param>
public sealed record QuarantineRecord(string Source, string Reason, string Version, DateTimeOffset QuarantinedAt, long Bytes, bool Copied = true);

/// <summary>
/// Keeps failed uploads (reason, and the original bytes when small enough) so nothing is lost and all can be retried.
/// Layout: <c>quarantine/reasons/&lt;hash of the name&gt;.json</c> holds the record (the upload's name inside and in
/// metadata) and <c>quarantine/uploads/&lt;name&gt;</c> the copy. No upload name can reach a record: a name maps to
/// its record through a hash, and copies live under their own prefix. Records of the earlier layout
/// (<c>quarantine/&lt;name&gt;.error.json</c> beside <c>quarantine/&lt;name&gt;</c>) are still read and removed.
/// </summary>
public sealed class QuarantineStore(IBlobStore store, TimeProvider timeProvider)
{
    /// <summary>Suffix of records in the layout before this one.</summary>
    public const string LegacyErrorSuffix = ".error.json";

    private const string ReasonsPrefix = "reasons/";
    private const string UploadsPrefix = "uploads/";

    /// <summary>Quarantines an upload that was read, with a copy of its bytes.</summary>
    public async Task PutAsync(string articleName, BlobRecord original, string version, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        await store.PutAsync(Containers.Quarantine, UploadsPrefix + articleName, original.Content, new BlobWriteOptions { ContentType = original.Properties.ContentType }, cancellationToken);
        await PutRecordAsync(new QuarantineRecord(articleName, reason, version, timeProvider.GetUtcNow(), original.Content.Length), original.Properties.ETag, cancellationToken);
    }

    /// <summary>Quarantines an upload without reading or copying it (too large, empty, unreadable, or a name the store cannot hold).</summary>
    public Task PutWithoutCopyAsync(string articleName, BlobProperties properties, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return PutRecordAsync(new QuarantineRecord(articleName, reason, "", timeProvider.GetUtcNow(), properties.Length, Copied: false), properties.ETag, cancellationToken);
    }

    public async Task<QuarantineRecord?> GetAsync(string articleName, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(Containers.Quarantine, RecordName(articleName), cancellationToken);
        if (blob is not null)
        {
            return Parse(blob, articleName);
        }

        var legacy = LegacyRecordName(articleName);
        try
        {
            blob = legacy is null ? null : await store.GetAsync(Containers.Quarantine, legacy, cancellationToken);
        }
        catch (ArgumentException)
        {
            blob = null; // a name this store cannot hold had no record in the earlier layout
        }

        return blob is null ? null : Parse(blob, articleName);
    }

    /// <summary>Whether the upload's current bytes (by their ETag) are quarantined already.</summary>
    public async Task<bool> HoldsAsync(string articleName, string sourceETag, CancellationToken cancellationToken)
    {
        var record = await store.GetPropertiesAsync(Containers.Quarantine, RecordName(articleName), cancellationToken);
        return record is not null && EntryMetadata.Read(record.Metadata, EntryMetadata.SourceETag) == sourceETag.Trim('"');
    }

    public async Task RemoveAsync(string articleName, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(Containers.Quarantine, RecordName(articleName), null, cancellationToken);
        await TryDeleteAsync(UploadsPrefix + articleName, cancellationToken);
        if (LegacyRecordName(articleName) is { } legacy)
        {
            await TryDeleteAsync(legacy, cancellationToken);
            await TryDeleteAsync(articleName, cancellationToken);
        }
    }

    /// <summary>Every quarantined upload's name with the ETag of the bytes that were quarantined, from listings only.</summary>
    public async Task<Dictionary<string, string>> KnownAsync(CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(Containers.Quarantine, "", cancellationToken))
        {
            var etag = EntryMetadata.Read(blob.Metadata, EntryMetadata.SourceETag);
            if (etag is null || blob.Unusable is not null)
            {
                continue;
            }

            if (blob.Name.StartsWith(ReasonsPrefix, StringComparison.Ordinal))
            {
                if (EntryMetadata.Read(blob.Metadata, EntryMetadata.Source) is { } source)
                {
                    known[Uri.UnescapeDataString(source)] = etag;
                }
            }
            else if (IsLegacy(blob.Name) && !blob.Name.EndsWith(LegacyErrorSuffix, StringComparison.Ordinal))
            {
                known.TryAdd(blob.Name, etag); // an earlier release's copy carried the ETag
            }
        }

        return known;
    }

    /// <summary>Every record, new layout and old; content that cannot be read is listed with a reason saying so, never thrown.</summary>
    public async IAsyncEnumerable<QuarantineRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new List<(string Name, string? Source)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in store.ListAsync(Containers.Quarantine, "", cancellationToken))
        {
            if (blob.Unusable is not null)
            {
                continue;
            }

            if (blob.Name.StartsWith(ReasonsPrefix, StringComparison.Ordinal))
            {
                var source = EntryMetadata.Read(blob.Metadata, EntryMetadata.Source);
                names.Add((blob.Name, source is null ? null : Uri.UnescapeDataString(source)));
            }
            else if (IsLegacy(blob.Name) && blob.Name.EndsWith(LegacyErrorSuffix, StringComparison.Ordinal))
            {
                names.Add((blob.Name, blob.Name[..^LegacyErrorSuffix.Length]));
            }
        }

        foreach (var (name, source) in names)
        {
            var blob = await store.GetAsync(Containers.Quarantine, name, cancellationToken);
            if (blob is null)
            {
                continue;
            }

            var record = Parse(blob, source ?? name);
            if (seen.Add(record.Source))
            {
                yield return record;
            }
        }
    }

    private async Task PutRecordAsync(QuarantineRecord record, string sourceETag, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, StoredJson.Options);
        await store.PutAsync(Containers.Quarantine, RecordName(record.Source), bytes, new BlobWriteOptions
        {
            ContentType = "application/json; charset=utf-8",
            Metadata = new Dictionary<string, string>
            {
                [EntryMetadata.Source] = Uri.EscapeDataString(record.Source),
                [EntryMetadata.SourceETag] = sourceETag.Trim('"'),
            },
        }, cancellationToken);
    }

    private async Task TryDeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(Containers.Quarantine, name, null, cancellationToken);
        }
        catch (ArgumentException)
        {
            // A name this store cannot hold was never copied.
        }
    }

    private static QuarantineRecord Parse(BlobRecord blob, string articleName)
    {
        try
        {
            var record = JsonSerializer.Deserialize<QuarantineRecord>(blob.Content.Span, StoredJson.Options);
            if (record is { Source: not null, Reason: not null })
            {
                return record with { Version = record.Version ?? "" };
            }
        }
        catch (JsonException)
        {
        }

        return new QuarantineRecord(articleName, $"The quarantine record {blob.Properties.Name} cannot be read (not a record this program wrote); retry the upload to replace it.",
            "", blob.Properties.LastModified, blob.Properties.Length, Copied: false);
    }

    private static string RecordName(string articleName) =>
        ReasonsPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(articleName)))[..32] + ".json";

    /// <summary>Where the earlier layout kept the record, unless that path belongs to the current layout.</summary>
    private static string? LegacyRecordName(string articleName) =>
        IsLegacy(articleName) ? articleName + LegacyErrorSuffix : null;

    private static bool IsLegacy(string name) =>
        !name.StartsWith(ReasonsPrefix, StringComparison.Ordinal) && !name.StartsWith(UploadsPrefix, StringComparison.Ordinal);
}
