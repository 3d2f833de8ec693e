using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.WebSub;

/// <summary>
/// Subscriptions in the <c>websub</c> container, one blob each:
/// <c>subscriptions/&lt;feed name&gt;/&lt;callback host&gt;/&lt;hash of callback URL&gt;.json</c>. Listing a topic is
/// one prefix listing; counting per host reads names only. Writes are conditional (If-Match), so a renewal, a
/// distribution claim and an outcome never overwrite one another.
/// </summary>
public sealed class HubSubscriptionStore(IBlobStore store)
{
    private const string Root = "subscriptions/";
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>The blob name of a topic's subscription for a callback.</summary>
    public static string Key(string feedName, Uri callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callback.AbsoluteUri)))[..32];
        return $"{TopicPrefix(feedName)}{HostOf(callback)}/{hash}.json";
    }

    /// <summary>The host a callback counts against (per-host limits).</summary>
    public static string HostOf(Uri callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return callback.IdnHost.ToLowerInvariant().Replace(':', '_'); // IPv6 literals: no ':' in blob names on Windows
    }

    /// <summary>Whether a name from outside (a form field) is a subscription key, not some other blob.</summary>
    public static bool IsKey(string? key) =>
        key is not null && key.StartsWith(Root, StringComparison.Ordinal) && key.EndsWith(".json", StringComparison.Ordinal)
        && !key.Split('/').Any(s => s.Length == 0 || s is "." or "..");

    private static string TopicPrefix(string feedName) => Root + feedName + "/";

    public async Task<(HubSubscription Subscription, string ETag)?> GetAsync(string key, CancellationToken cancellationToken) =>
        await store.GetJsonAsync<HubSubscription>(Containers.WebSub, key, Json, cancellationToken);

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        await store.GetPropertiesAsync(Containers.WebSub, key, cancellationToken) is not null;

    /// <summary>
    /// Read-modify-write with If-Match: <paramref name="update"/> gets the current subscription (null = none) and
    /// returns the new one, or null to leave it. Returns what was written, or null.
    /// </summary>
    public async Task<HubSubscription?> UpdateAsync(string key, Func<HubSubscription?, HubSubscription?> update, CancellationToken cancellationToken)
    {
        HubSubscription? written = null;
        await store.UpdateAsync(Containers.WebSub, key, current =>
        {
            var existing = current is null ? null : JsonSerializer.Deserialize<HubSubscription>(current.Content.Span, Json);
            written = update(existing);
            return written is null ? null : new BlobContent(JsonSerializer.SerializeToUtf8Bytes(written, Json), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" });
        }, cancellationToken);
        return written;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        store.DeleteAsync(Containers.WebSub, key, null, cancellationToken);

    /// <summary>Keys of a topic's subscriptions.</summary>
    public async IAsyncEnumerable<string> ListKeysAsync(string feedName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(Containers.WebSub, TopicPrefix(feedName), cancellationToken))
        {
            yield return blob.Name;
        }
    }

    public async Task<bool> AnyAsync(string feedName, CancellationToken cancellationToken)
    {
        await foreach (var _ in ListKeysAsync(feedName, cancellationToken))
        {
            return true;
        }

        return false;
    }

    /// <summary>All subscriptions, and those of one callback host (names only; nothing is read).</summary>
    public async Task<(int Total, int OnHost)> CountAsync(string host, CancellationToken cancellationToken)
    {
        int total = 0, onHost = 0;
        await foreach (var blob in store.ListAsync(Containers.WebSub, Root, cancellationToken))
        {
            total++;
            var segments = blob.Name.Split('/');
            if (segments.Length >= 3 && string.Equals(segments[^2], host, StringComparison.Ordinal))
            {
                onHost++;
            }
        }

        return (total, onHost);
    }

    /// <summary>Every subscription with its key (the operator page), up to <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<(string Key, HubSubscription Subscription)>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var result = new List<(string, HubSubscription)>();
        await foreach (var blob in store.ListAsync(Containers.WebSub, Root, cancellationToken))
        {
            if (result.Count >= limit)
            {
                break;
            }

            if (await GetAsync(blob.Name, cancellationToken) is { } found)
            {
                result.Add((blob.Name, found.Subscription));
            }
        }

        return result;
    }
}
