using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.Delivery;

/// <summary>A partner as the operator sees it: registry entry, delivery state and delivery counts by status.</summary>
public sealed record PartnerOverview(Partner Partner, PartnerState State, IReadOnlyDictionary<DeliveryStatus, int> Deliveries)
{
    /// <summary>Enabled in the registry and not disabled by delivery (410, failing for too long).</summary>
    public bool Active => Partner.Enabled && !State.Disabled;
}

/// <summary>Outcome of replaying one delivery.</summary>
public enum ReplayOutcome
{
    Queued,
    NotFound,
    PartnerUnknown,
}

/// <summary>Outcome of a <c>partners test</c> ping.</summary>
public sealed record PingResult(string PartnerId, string WebhookId, WebhookResponse Response);

/// <summary>
/// What operators do with deliveries (the hosts' <c>deliveries</c> and <c>partners</c> commands call these):
/// list by status, replay one or a partner's since a time, list partners, send a signed test ping.
/// </summary>
public sealed partial class DeliveryAdmin(
    DeliveryStore store,
    PartnerRegistryProvider registry,
    IWorkQueue queue,
    IWebhookSender sender,
    TimeProvider timeProvider,
    ILogger<DeliveryAdmin> logger)
{
    /// <summary>Deliveries, newest first, optionally only those of a status, a partner, or created since a time.</summary>
    public async Task<IReadOnlyList<DeliveryListing>> ListDeliveriesAsync(DeliveryStatus? status, string? partnerId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var rows = new List<DeliveryListing>();
        await foreach (var row in store.ListAsync(cancellationToken))
        {
            if ((status is null || row.Status == status) && (partnerId is null || row.PartnerId == partnerId) && (since is null || row.CreatedAt >= since))
            {
                rows.Add(row);
            }
        }

        return [.. rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>One delivery with its full attempt history (and body), or null.</summary>
    public async Task<DeliveryRecord?> GetDeliveryAsync(string id, CancellationToken cancellationToken) =>
        DeliveryIds.IsWellFormed(id) ? (await store.GetAsync(id, cancellationToken))?.Record : null;

    /// <summary>
    /// Sends the delivery again, now, with a fresh retry schedule and the same <c>webhook-id</c> and body (a
    /// partner that deduplicates ignores a replay of something it accepted). A held delivery stays held while its
    /// partner is disabled: enable the partner first, or replay by partner, which does.
    /// </summary>
    public async Task<ReplayOutcome> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        if (!DeliveryIds.IsWellFormed(id))
        {
            return ReplayOutcome.NotFound;
        }

        for (var attempt = 0; ; attempt++)
        {
            var found = await store.GetAsync(id, cancellationToken);
            if (found is not { } current)
            {
                return ReplayOutcome.NotFound;
            }

            var (record, etag) = current;
            if ((await registry.GetAsync(cancellationToken)).Find(record.PartnerId) is null)
            {
                return ReplayOutcome.PartnerUnknown;
            }

            var token = DeliveryFanOut.NewToken();
            var now = timeProvider.GetUtcNow();

            // Queue first: if the record write then loses a race, the message is an orphan that is dropped later.
            await DeliveryFanOut.EnqueueAsync(queue, new DeliveryMessage(id, token, now), TimeSpan.Zero, cancellationToken);
            try
            {
                await store.ReplaceAsync(record with
                {
                    Status = DeliveryStatus.Pending,
                    Token = token,
                    Claim = null,
                    CycleStart = record.Attempts.Count,
                    NextAttemptAt = now,
                    UpdatedAt = now,
                    Note = $"Replayed at {now:u} (was {record.Status.ToString().ToLowerInvariant()}).",
                }, etag, cancellationToken);
            }
            catch (BlobConflictException) when (attempt < 5)
            {
                continue;
            }

            await store.RemoveDeadLetterAsync(id, cancellationToken);
            LogReplayed(logger, id, record.PartnerId, record.Status);
            return ReplayOutcome.Queued;
        }
    }

    /// <summary>
    /// Replays every delivery to a partner created since <paramref name="since"/> that it has not accepted (failed,
    /// dead, held, pending; delivered ones too with <paramref name="includeDelivered"/>). Re-enables the partner
    /// first if delivery had disabled it, since the operator says it is back. Returns how many were queued.
    /// </summary>
    public async Task<int> ReplayPartnerAsync(string partnerId, DateTimeOffset since, bool includeDelivered, CancellationToken cancellationToken)
    {
        await EnablePartnerAsync(partnerId, cancellationToken);
        var rows = await ListDeliveriesAsync(null, partnerId, since, cancellationToken);
        var queued = 0;
        foreach (var row in rows.Where(r => includeDelivered || r.Status != DeliveryStatus.Delivered).OrderBy(r => r.CreatedAt))
        {
            if (await ReplayAsync(row.Id, cancellationToken) == ReplayOutcome.Queued)
            {
                queued++;
            }
        }

        return queued;
    }

    /// <summary>Every partner of the registry with its delivery state and counts.</summary>
    public async Task<IReadOnlyList<PartnerOverview>> ListPartnersAsync(CancellationToken cancellationToken)
    {
        var partners = await registry.GetAsync(cancellationToken);
        var counts = new Dictionary<string, Dictionary<DeliveryStatus, int>>(StringComparer.Ordinal);
        await foreach (var row in store.ListAsync(cancellationToken))
        {
            var byStatus = counts.TryGetValue(row.PartnerId, out var c) ? c : counts[row.PartnerId] = [];
            byStatus[row.Status] = byStatus.GetValueOrDefault(row.Status) + 1;
        }

        var result = new List<PartnerOverview>();
        foreach (var partner in partners.Partners)
        {
            var (state, _) = await store.GetPartnerStateAsync(partner.Id, cancellationToken);
            result.Add(new PartnerOverview(partner, state, counts.TryGetValue(partner.Id, out var c) ? c : new Dictionary<DeliveryStatus, int>()));
        }

        return result;
    }

    /// <summary>Clears a disable set by delivery (410, failing too long). Returns false when it was not disabled.</summary>
    public async Task<bool> EnablePartnerAsync(string partnerId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var changed = await store.UpdatePartnerStateAsync(partnerId, s => s.Disabled ? s with { Disabled = false, DisabledReason = null, DisabledAt = null, EnabledAt = now } : null, cancellationToken);
        if (changed)
        {
            LogEnabled(logger, partnerId);
        }

        return changed;
    }

    /// <summary>
    /// Sends a signed <c>ping</c> straight to the partner (not queued, not logged as a delivery), whatever its
    /// state, and returns what it answered. Null when the partner is not in the registry.
    /// </summary>
    public async Task<PingResult?> TestPartnerAsync(string partnerId, CancellationToken cancellationToken)
    {
        var partner = (await registry.GetAsync(cancellationToken)).Find(partnerId);
        if (partner is null)
        {
            return null;
        }

        var webhookId = "msg_ping_" + Guid.NewGuid().ToString("N");
        var response = await sender.SendAsync(new WebhookRequest(partner.Url, webhookId, WebhookPayload.Ping(partner, timeProvider.GetUtcNow()), partner.SigningSecrets), cancellationToken);
        return new PingResult(partner.Id, webhookId, response);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {PartnerId} replayed (was {Status})")]
    private static partial void LogReplayed(ILogger logger, string deliveryId, string partnerId, DeliveryStatus status);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Partner {PartnerId} enabled again")]
    private static partial void LogEnabled(ILogger logger, string partnerId);
}
