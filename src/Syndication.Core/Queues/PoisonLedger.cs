using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Queues;

/// <summary>
/// Counts how often the same poisoned message came back, so work that fails every time is not requeued at every
/// reconcile forever: after <see cref="MaxRequeues"/> requeues it is parked (left in its poison queue) with a readable
/// reason, listed by <see cref="ListParkedAsync"/> (<c>syndication status</c>, the operator page). Records live in the
/// private <c>journal</c> container as <c>poison/&lt;queue&gt;/&lt;id&gt;.json</c> (the id is a hash of the body); deleting
/// one (<see cref="ForgetAsync"/>, which <see cref="PoisonReconciler.RetryParkedAsync"/> does) lets the next pass
/// requeue the message again.
/// </summary>
public sealed class PoisonLedger(IBlobStore store, TimeProvider timeProvider)
{
    /// <summary>Each requeue gives the work <see cref="QueueDrainer.MaxDequeueCount"/> more tries; three rounds is plenty for an outage to pass.</summary>
    public const int MaxRequeues = 3;

    private const string Prefix = "poison/";

    /// <summary>Records one more sighting of <paramref name="body"/> in <paramref name="queue"/>'s poison queue and returns the record.</summary>
    public async Task<ParkedMessage> CountAsync(string queue, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ParkedMessage? counted = null;
        await store.UpdateAsync(Containers.Journal, BlobName(queue, body), current =>
        {
            var now = timeProvider.GetUtcNow();
            var previous = current is null ? null : TryRead(current.Content.Span);
            var requeues = (previous?.Requeues ?? 0) + 1;
            var reason = previous?.Reason ?? (requeues > MaxRequeues
                ? $"Failed {QueueDrainer.MaxDequeueCount} times in each of {MaxRequeues} rounds (requeued from {QueueDrainer.PoisonQueue(queue)} by reconcile since {(previous?.FirstSeen ?? now):yyyy-MM-dd HH:mm} UTC); "
                    + $"left in {QueueDrainer.PoisonQueue(queue)}. The logs of the {queue} handler say why. Fix the cause, then retry it: Retry on the operator page, syndication poison retry {QueueDrainer.PoisonQueue(queue)}/{IdOf(body)}, or delete journal/{BlobName(queue, body)}."
                : null);
            counted = new ParkedMessage(queue, body, requeues, previous?.FirstSeen ?? now, now, reason);
            return new BlobContent(JsonSerializer.SerializeToUtf8Bytes(counted, StoredJson.Options), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" });
        }, cancellationToken);
        return counted!;
    }

    /// <summary>Messages parked in a poison queue, oldest first.</summary>
    public async Task<IReadOnlyList<ParkedMessage>> ListParkedAsync(CancellationToken cancellationToken)
    {
        var parked = new List<ParkedMessage>();
        await foreach (var blob in store.ListAsync(Containers.Journal, Prefix, cancellationToken))
        {
            var record = await store.GetAsync(Containers.Journal, blob.Name, cancellationToken);
            if (record is not null && TryRead(record.Content.Span) is { IsParked: true } message)
            {
                parked.Add(message);
            }
        }

        return [.. parked.OrderBy(p => p.FirstSeen)];
    }

    /// <summary>The record of <paramref name="id"/> in <paramref name="queue"/>, or null (none, unreadable, or not a well-formed id).</summary>
    public async Task<ParkedMessage?> GetAsync(string queue, string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(queue, id))
        {
            return null;
        }

        var record = await store.GetAsync(Containers.Journal, RecordName(queue, id), cancellationToken);
        return record is null ? null : TryRead(record.Content.Span);
    }

    /// <summary>Deletes the record, so the next reconcile pass counts the message afresh and requeues it. False when there was none.</summary>
    public async Task<bool> ForgetAsync(string queue, string id, CancellationToken cancellationToken) =>
        IsWellFormed(queue, id) && await store.DeleteAsync(Containers.Journal, RecordName(queue, id), null, cancellationToken);

    /// <summary>The id of a message body: the first 32 hex digits of its SHA-256.</summary>
    public static string IdOf(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32];
    }

    private static string BlobName(string queue, string body) => RecordName(queue, IdOf(body));

    private static string RecordName(string queue, string id) => $"{Prefix}{queue}/{id}.json";

    // Ids and queue names come from forms and URLs: only ours may reach a blob name.
    private static bool IsWellFormed(string queue, string id) =>
        QueueNames.All.Contains(queue, StringComparer.Ordinal) && id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private static ParkedMessage? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<ParkedMessage>(json, StoredJson.Options);
        }
        catch (JsonException)
        {
            return null; // counted afresh
        }
    }
}
