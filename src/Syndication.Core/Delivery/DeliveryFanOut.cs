using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Stories;

namespace Syndication.Core.Delivery;

/// <summary>
/// Turns an entry change into one delivery per partner whose filters match: a create-only record under
/// <c>deliveries/log/</c>, then a message on the <c>deliveries</c> queue. The same change announced twice finds
/// the record and sends nothing new (it only re-queues a delivery that was created but never attempted, which is
/// what a crash between the two writes leaves behind). A link change (<see cref="EntryChangeKind.Relinked"/>) sends
/// nothing. For a <c>oneLanguagePerStory</c> partner the story's state decides (README, "Partners"):
/// <list type="bullet">
/// <item>the first translation in one of its languages comes as <c>article.published</c>;</item>
/// <item>a more preferred one arriving later comes as <c>article.updated</c> (same <c>story</c>); a less preferred
/// one, or a change to one, sends nothing;</item>
/// <item>the translation it has changing comes as <c>article.updated</c>;</item>
/// <item>the translation it has deleted: the most preferred remaining one comes as <c>article.updated</c>, or
/// <c>article.deleted</c> when none of its languages is left.</item>
/// </list>
/// Each step is written to the partner's story state with If-Match before its delivery is created, and waits for
/// the step before it (<see cref="DeliveryRecord.After"/>), so concurrent arrivals reach the partner in order.
/// </summary>
public sealed partial class DeliveryFanOut(
    PartnerRegistryProvider registry,
    DeliveryStore store,
    IWorkQueue queue,
    WebhookPayload payload,
    StoryIndex stories,
    EntryRepository entries,
    TimeProvider timeProvider,
    ILogger<DeliveryFanOut> logger) : IEntryChangeHandler
{
    private const int MaxStoryAttempts = 20;

    public async Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind == EntryChangeKind.Relinked)
        {
            return;
        }

        var partners = await registry.GetAsync(cancellationToken);
        foreach (var partner in partners.Partners.Where(p => p.Enabled))
        {
            if (partner.OneLanguagePerStory && change.Entry.Story is { } story)
            {
                await StoryFanOutAsync(change, partner, story, cancellationToken);
            }
            else if (partner.Wants(change))
            {
                var entry = change.Entry;
                await FanOutAsync(change, partner, DeliveryIds.For(entry.Id, entry.Version, change.EventType, partner.Id), null, cancellationToken);
            }
        }
    }

    private async Task StoryFanOutAsync(EntryChange change, Partner partner, string story, CancellationToken cancellationToken)
    {
        var entry = change.Entry;
        var cause = $"{change.EventType} {entry.Id} {entry.Version}";
        for (var attempt = 1; attempt <= MaxStoryAttempts; attempt++)
        {
            // A publication is usually the story's first news for the partner: try the create-only write of a first
            // step before reading anything; if the state exists after all, the write fails and the next round reads it.
            var (state, etag) = attempt == 1 && change.Kind == EntryChangeKind.Published
                ? (null, null)
                : await store.GetStoryStateAsync(partner.Id, story, cancellationToken);
            if (state is not null && state.Cause == cause)
            {
                // Announced again: its step was taken; make sure its delivery exists (a crash may have come in between).
                await RepeatAsync(state, change, partner, cancellationToken);
                return;
            }

            if (await NextStepAsync(state, change, partner, story, cancellationToken) is not { } step)
            {
                LogStoryUnchanged(logger, partner.Id, story, entry.Id, change.EventType);
                return;
            }

            var seq = (state?.Seq ?? 0) + 1;
            var id = DeliveryIds.ForStory(step.Entry.Id, step.Entry.Version, step.EventType, partner.Id, story, seq);
            var next = new StoryDeliveryState
            {
                PartnerId = partner.Id,
                Story = story,
                Seq = seq,
                EntryId = step.Entry.Id,
                Language = step.Entry.Language,
                Version = step.Entry.Version,
                Gone = step.Kind == EntryChangeKind.Deleted,
                Cause = cause,
                LastDelivery = id,
                LastEvent = step.EventType,
                PreviousDelivery = state?.LastDelivery,
            };
            if (!await store.TryPutStoryStateAsync(next, etag, cancellationToken))
            {
                continue; // another translation of the story moved it meanwhile: judge again
            }

            if (WantsEvent(partner, step.EventType))
            {
                await FanOutAsync(step, partner, id, state?.LastDelivery, cancellationToken);
            }

            return;
        }

        throw new InvalidOperationException($"Story {story} of partner {partner.Id} kept changing; the announcement of {entry.Id} will be retried.");
    }

    /// <summary>What the partner is sent for the change given what it has of the story; null for nothing.</summary>
    private async Task<EntryChange?> NextStepAsync(StoryDeliveryState? state, EntryChange change, Partner partner, string story, CancellationToken cancellationToken)
    {
        var entry = change.Entry;
        var holds = state is { Gone: false, EntryId: not null };
        if (change.Kind == EntryChangeKind.Deleted)
        {
            if (!holds || state!.EntryId != entry.Id)
            {
                return null; // a translation the partner does not have
            }

            return await FallbackAsync(partner, story, entry.Id, cancellationToken) is { } fallback
                ? new EntryChange(EntryChangeKind.Updated, fallback)
                : new EntryChange(EntryChangeKind.Deleted, entry);
        }

        var rank = partner.LanguageRank(entry.Language);
        if (rank < 0 || !partner.WantsTags(entry))
        {
            return null;
        }

        if (!holds)
        {
            return new EntryChange(EntryChangeKind.Published, entry);
        }

        if (state!.EntryId == entry.Id)
        {
            return state.Version == entry.Version ? null : new EntryChange(EntryChangeKind.Updated, entry);
        }

        return rank < partner.LanguageRank(state.Language) ? new EntryChange(EntryChangeKind.Updated, entry) : null;
    }

    /// <summary>The most preferred translation left once <paramref name="deletedId"/> is gone, in one of the partner's languages.</summary>
    private async Task<Entry?> FallbackAsync(Partner partner, string story, string deletedId, CancellationToken cancellationToken)
    {
        if (await stories.GetAsync(story, cancellationToken) is not { } document)
        {
            return null;
        }

        var candidates = document.Members
            .Where(m => !m.Deleted && m.EntryId != deletedId && partner.LanguageRank(m.Language) >= 0)
            .OrderBy(m => partner.LanguageRank(m.Language)).ThenBy(m => m.EntryId, StringComparer.Ordinal);
        foreach (var member in candidates)
        {
            if (await entries.GetAsync(member.EntryId, cancellationToken) is { } candidate && partner.LanguageRank(candidate.Language) >= 0 && partner.WantsTags(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task RepeatAsync(StoryDeliveryState state, EntryChange change, Partner partner, CancellationToken cancellationToken)
    {
        if (state.LastDelivery is not { } id || state.LastEvent is not { } eventType || state.EntryId is null || !WantsEvent(partner, eventType))
        {
            return;
        }

        var entry = state.EntryId == change.Entry.Id && state.Version == change.Entry.Version
            ? change.Entry
            : await entries.GetAsync(state.EntryId, cancellationToken);
        if (entry is null || entry.Version != state.Version)
        {
            return; // replaced since: its own announcement takes the story on
        }

        var kind = eventType switch
        {
            "article.published" => EntryChangeKind.Published,
            "article.deleted" => EntryChangeKind.Deleted,
            _ => EntryChangeKind.Updated,
        };
        await FanOutAsync(new EntryChange(kind, entry), partner, id, state.PreviousDelivery, cancellationToken);
    }

    private static bool WantsEvent(Partner partner, string eventType) =>
        partner.Events.Count == 0 || partner.Events.Contains(eventType, StringComparer.Ordinal);

    private async Task FanOutAsync(EntryChange change, Partner partner, string id, string? after, CancellationToken cancellationToken)
    {
        var entry = change.Entry;
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
            After = after,
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

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Partner {PartnerId} (one language per story) is sent nothing for story {Story}: {EventType} of {EntryId} changes nothing it has")]
    private static partial void LogStoryUnchanged(ILogger logger, string partnerId, string story, string entryId, string eventType);
}
