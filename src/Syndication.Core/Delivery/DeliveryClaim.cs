namespace Syndication.Core.Delivery;

/// <summary>
/// An attempt being sent right now: written into the delivery record with If-Match before the HTTP request goes
/// out, so of several instances holding the same message (or copies of it) exactly one sends. It expires, so an
/// attempt whose sender stopped before recording the outcome is taken over after <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Token">The record's token that this attempt consumes.</param>
/// <param name="MessageId">The queue message that claimed it (a redelivery of the same message waits for the lease instead of polling).</param>
/// <param name="Owner">The instance that claimed it, for the operator.</param>
public sealed record DeliveryClaim(string Token, string MessageId, string Owner, DateTimeOffset At, DateTimeOffset ExpiresAt);
