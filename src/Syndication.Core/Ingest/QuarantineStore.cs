using System.Runtime.CompilerServices;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Ingest;

/// <summary>The readable reason stored beside a quarantined upload as <c>quarantine/&lt;name&gt;.error.json</c>.</summary>
public sealed record QuarantineRecord(string Source, string Reason, string Version, DateTimeOffset QuarantinedAt, long Bytes);

/// <summary>Keeps failed uploads (original bytes + reason) so nothing is lost and all can be retried.</summary>
public sealed class QuarantineStore(IBlobStore store, TimeProvider timeProvider)
{
    public const string ErrorSuffix = ".error.json";

    public async Task PutAsync(string articleName, BlobRecord original, string version, string reason, CancellationToken cancellationToken)
    {
        await store.PutAsync(Containers.Quarantine, articleName, original.Content, new BlobWriteOptions
        {
            ContentType = original.Properties.ContentType,
            Metadata = new Dictionary<string, string> { [EntryMetadata.Version] = version, [EntryMetadata.SourceETag] = original.Properties.ETag.Trim('"') },
        }, cancellationToken);
        var record = new QuarantineRecord(articleName, reason, version, timeProvider.GetUtcNow(), original.Content.Length);
        await store.PutJsonAsync(Containers.Quarantine, articleName + ErrorSuffix, record, StoredJson.Options, null, false, cancellationToken);
    }

    public async Task<QuarantineRecord?> GetAsync(string articleName, CancellationToken cancellationToken)
    {
        var found = await store.GetJsonAsync<QuarantineRecord>(Containers.Quarantine, articleName + ErrorSuffix, StoredJson.Options, cancellationToken);
        return found?.Value;
    }

    public async Task<bool> HoldsVersionAsync(string articleName, string version, CancellationToken cancellationToken) =>
        (await GetAsync(articleName, cancellationToken))?.Version == version;

    public async Task RemoveAsync(string articleName, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(Containers.Quarantine, articleName + ErrorSuffix, null, cancellationToken);
        await store.DeleteAsync(Containers.Quarantine, articleName, null, cancellationToken);
    }

    public async IAsyncEnumerable<QuarantineRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(Containers.Quarantine, "", cancellationToken))
        {
            if (!blob.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var record = await GetAsync(blob.Name[..^ErrorSuffix.Length], cancellationToken);
            if (record is not null)
            {
                yield return record;
            }
        }
    }
}
