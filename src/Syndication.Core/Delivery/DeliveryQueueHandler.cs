using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.Delivery;

/// <summary>
/// Handles the <c>deliveries</c> queue: one attempt per message. Each message carries the token the record expects
/// next; a message whose token is spent is a duplicate and is dropped. Before the request goes out the attempt is
/// claimed with a conditional write on the record (<see cref="DeliveryClaim"/>), so of several instances holding
/// copies of the same message only one sends; a claim expires, so an attempt whose sender stopped before recording
/// its outcome is sent again later (at least once across crashes, never twice at the same time). Success completes
/// the message; a failure records the attempt and answers <see cref="QueueOutcome.RetryAfter"/> with the next
/// token and the schedule's delay, so a failing partner never holds up another (no head-of-line blocking).
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

    /// <summary>Beyond the attempt's timeout, how long a claim holds for writing the outcome.</summary>
    public static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan UnknownTokenRecheck = TimeSpan.FromSeconds(1);

    /// <summary>How soon a copy that found its attempt claimed by another instance looks again.</summary>
    private static readonly TimeSpan ClaimedRecheck = TimeSpan.FromSeconds(1);

    /// <summary>How soon a story's step that waits for the step before it looks again.</summary>
    private static readonly TimeSpan EarlierRecheck = TimeSpan.FromMilliseconds(500);

    private const int MaxRereads = 8;

    private static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

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

    /// <summary>How long a claim holds: the attempt's timeout plus <see cref="ClaimMargin"/> to record the outcome.</summary>
    public TimeSpan ClaimLease => options.Value.Timeout + ClaimMargin;

    public async Task<IReadOnlyList<QueueOutcome>> HandleAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var partners = await registry.GetAsync(cancellationToken);
        var outcomes = new QueueOutcome[messages.Count];

        // Messages of one delivery run one after another, so a duplicate finds its token spent instead of a claim.
        var work = Enumerable.Range(0, messages.Count).GroupBy(i => TryParse(messages[i].Body)?.DeliveryId ?? messages[i].Id, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.MaxParallelAttempts,
            CancellationToken = cancellationToken,
        }, async (group, ct) =>
        {
            foreach (var i in group)
            {
                outcomes[i] = await HandleOneAsync(messages[i], partners, ct);
            }
        });
        return outcomes;
    }

    /// <summary>
    /// A delivery message failed <see cref="QueueDrainer.MaxDequeueCount"/> times: if it was the one carrying its
    /// delivery forward, the delivery becomes a dead letter with its whole history (listed as dead, replayable).
    /// </summary>
    public async Task<PoisonOutcome> SalvageAsync(QueueMessage poisoned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poisoned);
        var body = TryParse(poisoned.Body);
        if (body is null || !DeliveryIds.IsWellFormed(body.DeliveryId))
        {
            LogMalformed(logger, poisoned.Id);
            return PoisonOutcome.Keep; // names no delivery; left in the poison queue for someone to read
        }

        for (var round = 0; round < MaxRereads; round++)
        {
            if (await store.GetAsync(body.DeliveryId, cancellationToken) is not { } current)
            {
                return PoisonOutcome.Settled;
            }

            var (record, etag) = current;
            var carries = record.Token == body.Token || (record.Attempts.Count > 0 && record.Attempts[^1].Token == body.Token);
            if (record.IsFinished || !carries)
            {
                return PoisonOutcome.Settled; // delivered, dead or held already, or another message carries it now
            }

            var now = timeProvider.GetUtcNow();
            if (record.Claim is { } claim && claim.ExpiresAt > now)
            {
                return PoisonOutcome.Keep;
            }

            var dead = WithLostAttempt(record) with
            {
                Status = DeliveryStatus.Dead,
                Token = null,
                Claim = null,
                NextAttemptAt = null,
                UpdatedAt = now,
                Note = $"Dead letter: its queue message failed {QueueDrainer.MaxDequeueCount} times without an outcome and was moved to {QueueDrainer.PoisonQueue(Queue)}. Replay it once the cause is fixed.",
            };
            await store.PutDeadLetterAsync(dead, cancellationToken);
            try
            {
                await store.ReplaceAsync(dead, etag, cancellationToken);
            }
            catch (BlobConflictException)
            {
                continue;
            }

            LogPoisonDeadLettered(logger, record.Id, record.PartnerId);
            return PoisonOutcome.Settled;
        }

        return PoisonOutcome.Keep;
    }

    private async Task<QueueOutcome> HandleOneAsync(QueueMessage message, PartnerRegistry partners, CancellationToken cancellationToken)
    {
        var body = TryParse(message.Body);
        if (body is null || !DeliveryIds.IsWellFormed(body.DeliveryId))
        {
            LogMalformed(logger, message.Id);
            return QueueOutcome.DeadLetter("not a delivery message");
        }

        try
        {
            for (var round = 0; round < MaxRereads; round++)
            {
                if (await store.GetAsync(body.DeliveryId, cancellationToken) is not { } current)
                {
                    LogNoRecord(logger, body.DeliveryId);
                    return QueueOutcome.Completed;
                }

                if (await TryHandleAsync(message, body, current.Record, current.ETag, partners, cancellationToken) is { } outcome)
                {
                    return outcome;
                }
            }

            return QueueOutcome.RetryAfter(ClaimedRecheck);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, body.DeliveryId, message.Id);
            return QueueOutcome.Abandoned(ex.Message);
        }
    }

    /// <summary>Judges the message against the record; null when the record changed meanwhile and must be read again.</summary>
    private async Task<QueueOutcome?> TryHandleAsync(QueueMessage message, DeliveryMessage body, DeliveryRecord record, string etag, PartnerRegistry partners, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // The token is checked before the status: a replay queues its message before it turns a dead or held
        // record back into a pending one, so a finished record with an unknown, fresh token is about to be replayed.
        if (record.Token != body.Token)
        {
            return Stale(message, body, record, now);
        }

        if (record.IsFinished)
        {
            return QueueOutcome.Completed;
        }

        var partner = partners.Find(record.PartnerId);
        var (state, _) = await store.GetPartnerStateAsync(record.PartnerId, cancellationToken);
        if (partner is null || !partner.Enabled || state.Disabled)
        {
            var reason = partner is null ? "the partner is no longer in the registry"
                : !partner.Enabled ? "the partner is disabled in the registry"
                : $"the partner was disabled: {state.DisabledReason}";
            var held = WithLostAttempt(record) with
            {
                Status = DeliveryStatus.Held,
                Token = null,
                Claim = null,
                NextAttemptAt = null,
                Note = $"Held: {reason}. Replay when it is back.",
                UpdatedAt = now,
            };
            if (!await TryReplaceAsync(held, etag, cancellationToken))
            {
                return null;
            }

            LogHeld(logger, record.Id, record.PartnerId, reason);
            return QueueOutcome.Completed;
        }

        if (record.After is { } earlier && record.Attempts.Count == 0 && await store.GetAsync(earlier, cancellationToken) is { Record.IsFinished: false })
        {
            // A oneLanguagePerStory partner gets a story's steps in order: the step before this one goes first.
            LogWaiting(logger, record.Id, earlier);
            return QueueOutcome.RetryAfter(EarlierRecheck);
        }

        if (record.Claim is { } claim && claim.Token == body.Token && claim.ExpiresAt > now)
        {
            // Being sent right now by another instance (or by this very message before its host stopped).
            var wait = claim.ExpiresAt - now;
            return QueueOutcome.RetryAfter(claim.MessageId == message.Id || wait < ClaimedRecheck ? wait : ClaimedRecheck);
        }

        var claimed = WithLostAttempt(record) with { Claim = new DeliveryClaim(body.Token, message.Id, Instance, now, now + ClaimLease), UpdatedAt = now };
        string claimedETag;
        try
        {
            claimedETag = await store.ReplaceAsync(claimed, etag, cancellationToken);
        }
        catch (BlobConflictException)
        {
            LogConflict(logger, record.Id);
            return null;
        }

        if (timeProvider.GetUtcNow() + options.Value.Timeout >= claimed.Claim.ExpiresAt)
        {
            // Claiming took so long that the attempt could outlive the claim: let the claim lapse and take it over then.
            return QueueOutcome.RetryAfter(claimed.Claim.ExpiresAt - timeProvider.GetUtcNow());
        }

        return await AttemptAsync(message, claimed, claimedETag, partner, state, body.Token, cancellationToken);
    }

    /// <summary>A message whose token is not the record's current one.</summary>
    private static QueueOutcome Stale(QueueMessage message, DeliveryMessage body, DeliveryRecord record, DateTimeOffset now)
    {
        var last = record.Attempts.Count > 0 ? record.Attempts[^1] : null;
        if (last is not null && last.Token == body.Token && last.MessageId == message.Id && record.Status == DeliveryStatus.Failed && record.Token is { } next)
        {
            // This very message made the last attempt and is back, so its host stopped before settling it, maybe
            // before queueing the follow-up: queue it now (if it was queued after all, the copy is dropped later).
            var due = record.NextAttemptAt is { } at && at > now ? at - now : TimeSpan.Zero;
            return QueueOutcome.RetryAfter(due, Serialize(new DeliveryMessage(record.Id, next, now)));
        }

        if (record.Attempts.Any(a => a.Token == body.Token))
        {
            return QueueOutcome.Completed; // spent: a duplicate
        }

        if (now - (body.IssuedAt ?? message.InsertedOn) < OrphanGrace)
        {
            // Its writer queued it and has not recorded the token yet (or stopped in between): look again shortly
            // rather than after a whole visibility timeout.
            return QueueOutcome.RetryAfter(UnknownTokenRecheck, Serialize(body with { IssuedAt = body.IssuedAt ?? message.InsertedOn }));
        }

        return QueueOutcome.Completed;
    }

    private async Task<QueueOutcome> AttemptAsync(QueueMessage message, DeliveryRecord record, string etag, Partner partner, PartnerState state, string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var at = timeProvider.GetUtcNow();
        var response = await sender.SendAsync(new WebhookRequest(partner.Url, record.Id, record.Body, partner.SigningSecrets), cancellationToken);
        var error = response.IsSuccess ? null : response.Error ?? $"HTTP {response.StatusCode}";
        var attempt = new DeliveryAttempt(record.Attempts.Count + 1, at, response.StatusCode, Math.Round(response.Latency.TotalMilliseconds, 1), error, token, message.Id);
        List<DeliveryAttempt> attempts = [.. record.Attempts, attempt];
        var now = timeProvider.GetUtcNow();
        var next = record with { Attempts = attempts, UpdatedAt = now, Token = null, Claim = null, NextAttemptAt = null };
        string? disableReason = null;
        var outcome = QueueOutcome.Completed;

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
                var delay = NextDelay(settings, settings.RetrySchedule[inCycle], response);
                var retryToken = DeliveryFanOut.NewToken();
                next = next with { Status = DeliveryStatus.Failed, Token = retryToken, NextAttemptAt = now + delay };

                // The host queues the follow-up after this record is written; if it stops in between, this message
                // comes back and Stale() queues it then.
                outcome = QueueOutcome.RetryAfter(delay, Serialize(new DeliveryMessage(record.Id, retryToken, now)));
            }

            var failingSince = attempts[Math.Min(record.CycleStart, attempts.Count - 1)].At;
            if (now - failingSince >= settings.DisablePartnerAfter && (state.LastSuccessAt is null || state.LastSuccessAt < failingSince))
            {
                disableReason = $"no delivery accepted since {failingSince:u}";
            }
        }

        if (next.Status == DeliveryStatus.Dead)
        {
            await store.PutDeadLetterAsync(next, cancellationToken);
        }

        if (!await TryReplaceAsync(next, etag, cancellationToken))
        {
            // Our claim was broken (a replay, or a takeover after the lease ran out): whoever broke it carries on.
            LogOutcomeLost(logger, record.Id, attempt.Number, response.StatusCode);
            return QueueOutcome.Completed;
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
        return outcome;
    }

    /// <summary>
    /// A claim that ran out means its sender stopped after claiming and before recording: the history shows that
    /// attempt (the partner may or may not have received it) before anything else happens to the record.
    /// </summary>
    private DeliveryRecord WithLostAttempt(DeliveryRecord record)
    {
        if (record.Claim is not { } claim || claim.ExpiresAt > timeProvider.GetUtcNow())
        {
            return record;
        }

        var lost = new DeliveryAttempt(record.Attempts.Count + 1, claim.At, null, 0, $"no outcome recorded: {claim.Owner} stopped while sending", claim.Token, claim.MessageId);
        return record with { Attempts = [.. record.Attempts, lost], Claim = null };
    }

    private async Task<bool> TryReplaceAsync(DeliveryRecord next, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceAsync(next, etag, cancellationToken);
            return true;
        }
        catch (BlobConflictException)
        {
            LogConflict(logger, next.Id);
            return false;
        }
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

    private static string Serialize(DeliveryMessage message) => JsonSerializer.Serialize(message, StoredJson.Compact);

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

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Delivery queue message {MessageId} is not a delivery message; moved to the poison queue")]
    private static partial void LogMalformed(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} has no record; message dropped")]
    private static partial void LogNoRecord(ILogger logger, string deliveryId);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Delivery {DeliveryId} changed while it was handled; its message is judged again")]
    private static partial void LogConflict(ILogger logger, string deliveryId);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the outcome of attempt {Attempt} (HTTP {StatusCode}) could not be recorded, the delivery changed meanwhile")]
    private static partial void LogOutcomeLost(ILogger logger, string deliveryId, int attempt, int? statusCode);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}, message {MessageId}: handling failed; the message will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string deliveryId, string messageId);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} waits for {EarlierId}, the step of its story before it")]
    private static partial void LogWaiting(ILogger logger, string deliveryId, string earlierId);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Error, Message = "Delivery {DeliveryId} to {PartnerId}: its message was poisoned; now a dead letter")]
    private static partial void LogPoisonDeadLettered(ILogger logger, string deliveryId, string partnerId);
}
