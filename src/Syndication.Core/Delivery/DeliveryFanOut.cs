using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;
using Syndication.Core.Queues;

namespace Syndication.Core.Delivery;

/// <summary>
/// Turns an entry change into one delivery per partner whose filters match: a create-only record under
/// <c>deliveries/log/</c>, then a message on the <c>deliveries</c> queue. The same change announced twice finds
/// the record and sends nothing new (it only re-queues a delivery that was created but never attempted, which is
/// what a crash between the two writes leaves behind).
/// </summary>
public sealed partial class DeliveryFanOut(
    PartnerRegistryProvider registry,
    DeliveryStore store,
    IWorkQueue queue,
    WebhookPayload payload,
    TimeProvider timeProvider,
    ILogger<DeliveryFanOut> logger) : IEntryChangeHandler
{
    public async Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var partners = await registry.GetAsync(cancellationToken);
        foreach (var partner in partners.Partners.Where(p => p.Enabled && p.Wants(change)))
        {
            await FanOutAsync(change, partner, cancellationToken);
        }
    }

    private async Task FanOutAsync(EntryChange change, Partner partner, CancellationToken cancellationToken)
    {
        var entry = change.Entry;
        var id = DeliveryIds.For(entry.Id, entry.Version, change.EventType, partner.Id);
        var (state, _) = await store.GetPartnerStateAsync(partner.Id, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var record = new DeliveryRecord
        {
            Id = id,
            PartnerId = partner.Id,
            EntryId = entry.Id,
            Version = entry.Version,
            EventType = change.EventType,
            Status = state.Disabled ? DeliveryStatus.Held : DeliveryStatus.Pending,
            Note = state.Disabled ? $"Partner disabled: {state.DisabledReason}" : null,
            CreatedAt = now,
            UpdatedAt = now,
            Token = NewToken(),
            NextAttemptAt = state.Disabled ? null : now,
            Body = payload.Build(change, partner, now),
        };

        if (await store.TryCreateAsync(record, cancellationToken))
        {
            if (record.Status == DeliveryStatus.Pending)
            {
                await EnqueueAsync(queue, new DeliveryMessage(record.Id, record.Token!, now), TimeSpan.Zero, cancellationToken);
            }

            LogCreated(logger, id, partner.Id, entry.Id, change.EventType, record.Status);
            return;
        }

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is { Record: { Status: DeliveryStatus.Pending, Attempts.Count: 0, Token: { } token } })
        {
            // Created by an earlier announcement that may have stopped before queueing it; a duplicate message is harmless.
            await EnqueueAsync(queue, new DeliveryMessage(id, token, timeProvider.GetUtcNow()), TimeSpan.Zero, cancellationToken);
        }

        LogDuplicate(logger, id, partner.Id, entry.Id);
    }

    internal static string NewToken() => Guid.NewGuid().ToString("N");

    internal static Task EnqueueAsync(IWorkQueue queue, DeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        queue.SendAsync(QueueNames.Deliveries, JsonSerializer.Serialize(message, StoredJson.Compact), delay, cancellationToken);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Delivery {DeliveryId} of {EventType} {EntryId} to partner {PartnerId} created ({Status})")]
    private static partial void LogCreated(ILogger logger, string deliveryId, string partnerId, string entryId, string eventType, DeliveryStatus status);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} of {EntryId} to partner {PartnerId} exists already; nothing new to send")]
    private static partial void LogDuplicate(ILogger logger, string deliveryId, string partnerId, string entryId);
}
