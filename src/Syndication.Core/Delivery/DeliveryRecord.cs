namespace Syndication.Core.Delivery;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Queued, not attempted yet.</summary>
    Pending,

    /// <summary>The last attempt failed; another is scheduled.</summary>
    Failed,

    /// <summary>The partner answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt of the schedule failed; kept under <c>deliveries/dead/</c> for replay.</summary>
    Dead,

    /// <summary>Not attempted because the partner is disabled or gone; replay once it is back.</summary>
    Held,
}

/// <summary>One HTTP attempt as the delivery log keeps it.</summary>
/// <param name="Number">1-based across the delivery's whole life (replays continue the count).</param>
/// <param name="StatusCode">HTTP status, or null when no response came (refused, timeout, connection error).</param>
/// <param name="Token">The queue token this attempt consumed; lets a re-delivered queue message be recognised as done.</param>
/// <param name="MessageId">The queue message that made the attempt; only that message, coming back, re-issues its follow-up.</param>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, double LatencyMs, string? Error, string Token, string? MessageId = null);

/// <summary>
/// A delivery of one event to one partner, stored as <c>deliveries/log/&lt;id&gt;.json</c>. Its id is the
/// <c>webhook-id</c>, so creating it create-only deduplicates repeated announcements of the same change.
/// </summary>
public sealed record DeliveryRecord
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    public required string EntryId { get; init; }
    public required string Version { get; init; }
    public required string EventType { get; init; }
    public required DeliveryStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The token of the queue message that may attempt this delivery next; other messages are stale.</summary>
    public string? Token { get; init; }

    /// <summary>The attempt of <see cref="Token"/> being sent now, if any (see <see cref="DeliveryClaim"/>).</summary>
    public DeliveryClaim? Claim { get; init; }

    /// <summary>Index in <see cref="Attempts"/> where the current retry schedule started (a replay starts a new one).</summary>
    public int CycleStart { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Why the delivery is held or dead, in words.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// For a oneLanguagePerStory partner: the delivery of the same story that goes first (this one is not attempted
    /// until that one is delivered, dead or held), so the partner sees the story's steps in order.
    /// </summary>
    public string? After { get; init; }

    /// <summary>The exact JSON body sent (and signed) on every attempt.</summary>
    public required string Body { get; init; }

    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    public bool IsFinished => Status is DeliveryStatus.Delivered or DeliveryStatus.Dead or DeliveryStatus.Held;
}

/// <summary>Body of a message on the <c>deliveries</c> queue.</summary>
/// <param name="IssuedAt">When the token was issued; kept when the message is re-queued, so an orphan is still recognised by age.</param>
public sealed record DeliveryMessage(string DeliveryId, string Token, DateTimeOffset? IssuedAt = null);

/// <summary>What the delivery side remembers about a partner beyond the registry.</summary>
public sealed record PartnerState
{
    public required string PartnerId { get; init; }
    public bool Disabled { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? EnabledAt { get; init; }
}
