using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.Delivery;

/// <summary>
/// Handles the <c>deliveries</c> queue: one attempt per message. Success (2xx) completes the delivery; a failure
/// completes the message and queues the next attempt with the schedule's delay, so a failing partner never holds
/// up another (no head-of-line blocking). Each message carries the token the record expects next; a message
/// whose token is already spent is a duplicate and is dropped, which makes redelivered messages harmless.
/// </summary>
public sealed partial class DeliveryQueueHandler(
    DeliveryStore store,
    PartnerRegistryProvider registry,
    IWebhookSender sender,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryQueueHandler> logger) : IQueueWorkHandler
{
    /// <summary>How long a message with a token the record does not know yet is kept: its writer may not have finished.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan UnknownTokenRecheck = TimeSpan.FromSeconds(1);

    public string Queue => QueueNames.Deliveries;

    /// <summary>
    /// Enough for a whole batch (attempts run <see cref="DeliveryOptions.MaxParallelAttempts"/> at a time, each
    /// bounded by the timeout) and no more: it is also how long deliveries leased by a killed worker wait before
    /// another worker picks them up (45 s with the defaults).
    /// </summary>
    public TimeSpan VisibilityTimeout
    {
        get
        {
            var settings = options.Value;
            var waves = (QueueDrainer.BatchSize + settings.MaxParallelAttempts - 1) / settings.MaxParallelAttempts;
            return (settings.Timeout * (waves + 1)) + TimeSpan.FromSeconds(15);
        }
    }

    public async Task HandleAsync(IReadOnlyList<QueueMessage> messages, IWorkQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var partners = await registry.GetAsync(cancellationToken);

        // Messages of one delivery run one after another, so a duplicate finds its token spent instead of sending twice.
        var work = messages.GroupBy(m => TryParse(m.Body)?.DeliveryId ?? m.Id, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.MaxParallelAttempts,
            CancellationToken = cancellationToken,
        }, async (group, ct) =>
        {
            foreach (var message in group)
            {
                await HandleOneAsync(message, partners, queue, ct);
            }
        });
    }

    private async Task HandleOneAsync(QueueMessage message, PartnerRegistry partners, IWorkQueue queue, CancellationToken cancellationToken)
    {
        var body = TryParse(message.Body);
        if (body is null || !DeliveryIds.IsWellFormed(body.DeliveryId))
        {
            LogMalformed(logger, message.Id);
            await queue.CompleteAsync(message, cancellationToken);
            return;
        }

        var found = await store.GetAsync(body.DeliveryId, cancellationToken);
        if (found is not { } current)
        {
            LogNoRecord(logger, body.DeliveryId);
            await queue.CompleteAsync(message, cancellationToken);
            return;
        }

        var (record, etag) = current;

        // The token is checked before the status: a replay queues its message before it turns a dead or held
        // record back into a pending one, so a finished record with an unknown, fresh token is about to be replayed.
        if (record.Token != body.Token)
        {
            var spent = record.Attempts.Any(a => a.Token == body.Token);
            if (!spent && timeProvider.GetUtcNow() - (body.IssuedAt ?? message.InsertedOn) < OrphanGrace)
            {
                // Its writer queued it and has not recorded the token yet (or crashed in between): look again
                // shortly rather than after a whole visibility timeout.
                await DeliveryFanOut.EnqueueAsync(queue, body with { IssuedAt = body.IssuedAt ?? message.InsertedOn }, UnknownTokenRecheck, cancellationToken);
            }

            await queue.CompleteAsync(message, cancellationToken);
            return;
        }

        if (record.IsFinished)
        {
            await queue.CompleteAsync(message, cancellationToken);
            return;
        }

        var partner = partners.Find(record.PartnerId);
        var (state, _) = await store.GetPartnerStateAsync(record.PartnerId, cancellationToken);
        if (partner is null || !partner.Enabled || state.Disabled)
        {
            var reason = partner is null ? "the partner is no longer in the registry"
                : !partner.Enabled ? "the partner is disabled in the registry"
                : $"the partner was disabled: {state.DisabledReason}";
            await FinishAsync(message, queue, record with
            {
                Status = DeliveryStatus.Held,
                Token = null,
                NextAttemptAt = null,
                Note = $"Held: {reason}. Replay when it is back.",
                UpdatedAt = timeProvider.GetUtcNow(),
            }, etag, cancellationToken);
            LogHeld(logger, record.Id, record.PartnerId, reason);
            return;
        }

        await AttemptAsync(message, queue, record, etag, partner, state, body.Token, cancellationToken);
    }

    private async Task AttemptAsync(QueueMessage message, IWorkQueue queue, DeliveryRecord record, string etag, Partner partner, PartnerState state, string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var at = timeProvider.GetUtcNow();
        var response = await sender.SendAsync(new WebhookRequest(partner.Url, record.Id, record.Body, partner.SigningSecrets), cancellationToken);
        var error = response.IsSuccess ? null : response.Error ?? $"HTTP {response.StatusCode}";
        var attempt = new DeliveryAttempt(record.Attempts.Count + 1, at, response.StatusCode, Math.Round(response.Latency.TotalMilliseconds, 1), error, token);
        List<DeliveryAttempt> attempts = [.. record.Attempts, attempt];
        var now = timeProvider.GetUtcNow();
        var next = record with { Attempts = attempts, UpdatedAt = now, Token = null, NextAttemptAt = null };
        string? disableReason = null;
        string? retryToken = null;
        var delay = TimeSpan.Zero;

        if (response.IsSuccess)
        {
            next = next with { Status = DeliveryStatus.Delivered, Note = null };
        }
        else if (response.StatusCode == 410)
        {
            disableReason = $"answered 410 Gone at {now:u}";
            next = next with { Status = DeliveryStatus.Held, Note = "Held: the partner answered 410 Gone and was disabled." };
        }
        else
        {
            var inCycle = attempts.Count - record.CycleStart;
            if (inCycle >= settings.RetrySchedule.Count)
            {
                next = next with { Status = DeliveryStatus.Dead, Note = $"Dead letter: all {inCycle} attempts failed; the last with {error}." };
            }
            else
            {
                delay = NextDelay(settings, settings.RetrySchedule[inCycle], response);
                retryToken = DeliveryFanOut.NewToken();
                next = next with { Status = DeliveryStatus.Failed, Token = retryToken, NextAttemptAt = now + delay };
            }

            var failingSince = attempts[Math.Min(record.CycleStart, attempts.Count - 1)].At;
            if (now - failingSince >= settings.DisablePartnerAfter && (state.LastSuccessAt is null || state.LastSuccessAt < failingSince))
            {
                disableReason = $"no delivery accepted since {failingSince:u}";
            }
        }

        if (retryToken is not null)
        {
            // Queue the next attempt before recording it: a crash in between leaves the old token current, so this
            // message is retried, and the new message is dropped as an orphan.
            await DeliveryFanOut.EnqueueAsync(queue, new DeliveryMessage(record.Id, retryToken, now), delay, cancellationToken);
        }

        if (next.Status == DeliveryStatus.Dead)
        {
            await store.PutDeadLetterAsync(next, cancellationToken);
        }

        if (!await FinishAsync(message, queue, next, etag, cancellationToken))
        {
            return;
        }

        if (disableReason is not null)
        {
            await store.UpdatePartnerStateAsync(partner.Id, s => s.Disabled ? null : s with { Disabled = true, DisabledAt = now, DisabledReason = disableReason }, cancellationToken);
            LogPartnerDisabled(logger, partner.Id, disableReason);
        }
        else if (response.IsSuccess && (state.LastSuccessAt is null || now - state.LastSuccessAt > SuccessWriteInterval(settings)))
        {
            await store.UpdatePartnerStateAsync(partner.Id, s => s with { LastSuccessAt = now }, cancellationToken);
        }

        LogAttempt(logger, record.Id, partner.Id, attempt.Number, response.StatusCode, attempt.LatencyMs, next.Status, error);
    }

    /// <summary>Writes the record and completes the message; on a concurrent change leaves the message to be judged again.</summary>
    private async Task<bool> FinishAsync(QueueMessage message, IWorkQueue queue, DeliveryRecord next, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceAsync(next, etag, cancellationToken);
        }
        catch (BlobConflictException)
        {
            LogConflict(logger, next.Id);
            return false;
        }

        await queue.CompleteAsync(message, cancellationToken);
        return true;
    }

    /// <summary>The schedule's delay spread by the jitter; on 429/503 never sooner than the partner's Retry-After.</summary>
    public static TimeSpan NextDelay(DeliveryOptions settings, TimeSpan scheduled, WebhookResponse response)
    {
        var factor = 1 + (settings.Jitter * ((2 * Random.Shared.NextDouble()) - 1));
        var delay = scheduled * factor;
        if (response.StatusCode is 429 or 503 && response.RetryAfter is { } retryAfter)
        {
            var wanted = retryAfter > settings.MaxRetryAfter ? settings.MaxRetryAfter : retryAfter;
            delay = delay > wanted ? delay : wanted;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    // Last-success is only needed to the precision of DisablePartnerAfter; writing it on every success would make
    // all deliveries of a partner contend for one blob.
    private static TimeSpan SuccessWriteInterval(DeliveryOptions settings)
    {
        var tenth = settings.DisablePartnerAfter / 10;
        return tenth < TimeSpan.FromMinutes(1) ? tenth : TimeSpan.FromMinutes(1);
    }

    private static DeliveryMessage? TryParse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<DeliveryMessage>(body, StoredJson.Compact);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {PartnerId}, attempt {Attempt}: HTTP {StatusCode} in {LatencyMs} ms -> {Status} {Error}")]
    private static partial void LogAttempt(ILogger logger, string deliveryId, string partnerId, int attempt, int? statusCode, double latencyMs, DeliveryStatus status, string? error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Partner {PartnerId} disabled: {Reason}")]
    private static partial void LogPartnerDisabled(ILogger logger, string partnerId, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {PartnerId} held: {Reason}")]
    private static partial void LogHeld(ILogger logger, string deliveryId, string partnerId, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Delivery queue message {MessageId} is not a delivery message; dropped")]
    private static partial void LogMalformed(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} has no record; message dropped")]
    private static partial void LogNoRecord(ILogger logger, string deliveryId);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Delivery {DeliveryId} changed while it was attempted; its message will be judged again")]
    private static partial void LogConflict(ILogger logger, string deliveryId);
}
