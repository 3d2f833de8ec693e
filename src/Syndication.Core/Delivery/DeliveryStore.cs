using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Delivery;

/// <summary>Listing row of a delivery, from blob metadata only.</summary>
public sealed record DeliveryListing(string Id, string PartnerId, string EntryId, string EventType, DeliveryStatus Status, DateTimeOffset CreatedAt, DateTimeOffset LastModified);

/// <summary>
/// The <c>deliveries</c> container: <c>log/&lt;id&gt;.json</c> (every delivery with its attempts; status in blob
/// metadata so listing by status reads no content), <c>dead/&lt;id&gt;.json</c> (dead letters with full history)
/// <c>partners/&lt;id&gt;.json</c> (disabled flag, last success) and <c>stories/&lt;partner&gt;/&lt;story&gt;.json</c>
/// (which translation a oneLanguagePerStory partner has).
/// </summary>
public sealed class DeliveryStore(IBlobStore store)
{
    public const string LogPrefix = "log/";
    public const string DeadPrefix = "dead/";
    public const string PartnerPrefix = "partners/";
    public const string StoryPrefix = "stories/";

    /// <summary>Creates the record unless one of that id exists; returns false (and writes nothing) when it does.</summary>
    public async Task<bool> TryCreateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await PutAsync(record, ifMatch: null, createOnly: true, cancellationToken);
            return true;
        }
        catch (BlobConflictException)
        {
            return false;
        }
    }

    public async Task<(DeliveryRecord Record, string ETag)?> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetJsonAsync<DeliveryRecord>(Containers.Deliveries, LogName(id), StoredJson.Options, cancellationToken);

    /// <summary>Replaces the record if it still has <paramref name="etag"/>; throws <see cref="BlobConflictException"/> otherwise.</summary>
    public Task<string> ReplaceAsync(DeliveryRecord record, string etag, CancellationToken cancellationToken) =>
        PutAsync(record, etag, createOnly: false, cancellationToken);

    public Task PutDeadLetterAsync(DeliveryRecord record, CancellationToken cancellationToken) =>
        store.PutJsonAsync(Containers.Deliveries, DeadPrefix + record.Id + ".json", record, StoredJson.Options, null, false, cancellationToken);

    public Task<bool> RemoveDeadLetterAsync(string id, CancellationToken cancellationToken) =>
        store.DeleteAsync(Containers.Deliveries, DeadPrefix + id + ".json", null, cancellationToken);

    public async IAsyncEnumerable<DeliveryListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(Containers.Deliveries, LogPrefix, cancellationToken))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var m = blob.Metadata;
            var id = blob.Name[LogPrefix.Length..^5];
            var status = m.TryGetValue("status", out var s) && Enum.TryParse<DeliveryStatus>(s, ignoreCase: true, out var parsed) ? parsed : DeliveryStatus.Pending;
            var created = m.TryGetValue("created", out var c) && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : blob.LastModified;
            yield return new DeliveryListing(id, Get(m, "partner"), Uri.UnescapeDataString(Get(m, "entry")), Get(m, "event"), status, created, blob.LastModified);
        }
    }

    public async Task<(PartnerState State, string? ETag)> GetPartnerStateAsync(string partnerId, CancellationToken cancellationToken)
    {
        var found = await store.GetJsonAsync<PartnerState>(Containers.Deliveries, PartnerPrefix + partnerId + ".json", StoredJson.Options, cancellationToken);
        return found is { } f ? (f.Value, f.ETag) : (new PartnerState { PartnerId = partnerId }, null);
    }

    /// <summary>Read-modify-write of a partner's state; <paramref name="update"/> returns null to leave it alone.</summary>
    public Task<bool> UpdatePartnerStateAsync(string partnerId, Func<PartnerState, PartnerState?> update, CancellationToken cancellationToken) =>
        store.UpdateAsync(Containers.Deliveries, PartnerPrefix + partnerId + ".json", current =>
        {
            var state = current is null
                ? new PartnerState { PartnerId = partnerId }
                : JsonSerializer.Deserialize<PartnerState>(current.Content.Span, StoredJson.Options) ?? new PartnerState { PartnerId = partnerId };
            var next = update(state);
            return next is null
                ? null
                : new BlobContent(JsonSerializer.SerializeToUtf8Bytes(next, StoredJson.Options), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" });
        }, cancellationToken);

    /// <summary>What a oneLanguagePerStory partner has of a story, with the ETag to replace it (null when nothing yet).</summary>
    public async Task<(StoryDeliveryState? State, string? ETag)> GetStoryStateAsync(string partnerId, string story, CancellationToken cancellationToken) =>
        await store.GetJsonAsync<StoryDeliveryState>(Containers.Deliveries, StoryName(partnerId, story), StoredJson.Options, cancellationToken) is { } found
            ? (found.Value, found.ETag)
            : (null, null);

    /// <summary>Writes the state if it still has <paramref name="etag"/> (create-only when null); false when someone wrote since.</summary>
    public async Task<bool> TryPutStoryStateAsync(StoryDeliveryState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            await store.PutJsonAsync(Containers.Deliveries, StoryName(state.PartnerId, state.Story), state, StoredJson.Options, etag, etag is null, cancellationToken);
            return true;
        }
        catch (BlobConflictException)
        {
            return false;
        }
    }

    private Task<string> PutAsync(DeliveryRecord record, string? ifMatch, bool createOnly, CancellationToken cancellationToken) =>
        store.PutAsync(Containers.Deliveries, LogName(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, StoredJson.Options), new BlobWriteOptions
        {
            ContentType = "application/json; charset=utf-8",
            IfMatch = ifMatch,
            CreateOnly = createOnly,
            Metadata = new Dictionary<string, string>
            {
                ["status"] = record.Status.ToString().ToLowerInvariant(),
                ["partner"] = record.PartnerId,
                ["entry"] = Uri.EscapeDataString(record.EntryId),
                ["event"] = record.EventType,
                ["created"] = record.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            },
        }, cancellationToken);

    private static string LogName(string id) => LogPrefix + id + ".json";

    private static string StoryName(string partnerId, string story) => StoryPrefix + partnerId + "/" + story + ".json";

    private static string Get(IReadOnlyDictionary<string, string> metadata, string key) => metadata.TryGetValue(key, out var v) ? v : "";
}
