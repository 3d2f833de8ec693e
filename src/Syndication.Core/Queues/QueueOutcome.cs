namespace Syndication.Core.Queues;

/// <summary>What became of one received message, as its handler decided. The host settles it in its own way.</summary>
public enum QueueOutcomeKind
{
    /// <summary>Done: delete the message.</summary>
    Completed,

    /// <summary>Not done, and not a failure: the work (or the follow-up in <see cref="QueueOutcome.Body"/>) comes back after <see cref="QueueOutcome.Delay"/>.</summary>
    RetryAfter,

    /// <summary>The message can never succeed: move it to <c>&lt;queue&gt;-poison</c> without retrying.</summary>
    DeadLetter,

    /// <summary>Handling failed: leave the message to reappear after the visibility timeout; it counts towards the poison limit.</summary>
    Abandoned,
}

/// <summary>
/// A handler's verdict on one message. The CLI's <see cref="QueueDrainer"/> completes, re-sends with a delay, moves
/// to the poison queue or leaves the message; the Functions queue trigger returns normally or fails the invocation.
/// </summary>
public sealed record QueueOutcome
{
    private QueueOutcome(QueueOutcomeKind kind, TimeSpan delay, string? body, string? reason)
    {
        Kind = kind;
        Delay = delay;
        Body = body;
        Reason = reason;
    }

    public QueueOutcomeKind Kind { get; }

    /// <summary>For <see cref="QueueOutcomeKind.RetryAfter"/>: how long until the message is visible again.</summary>
    public TimeSpan Delay { get; }

    /// <summary>For <see cref="QueueOutcomeKind.RetryAfter"/>: the body of the follow-up message; null re-sends the received body.</summary>
    public string? Body { get; }

    /// <summary>Why a message was dead-lettered or abandoned, in words.</summary>
    public string? Reason { get; }

    public static QueueOutcome Completed { get; } = new(QueueOutcomeKind.Completed, TimeSpan.Zero, null, null);

    public static QueueOutcome RetryAfter(TimeSpan delay, string? body = null) =>
        new(QueueOutcomeKind.RetryAfter, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, body, null);

    public static QueueOutcome DeadLetter(string reason) => new(QueueOutcomeKind.DeadLetter, TimeSpan.Zero, null, reason);

    public static QueueOutcome Abandoned(string reason) => new(QueueOutcomeKind.Abandoned, TimeSpan.Zero, null, reason);

    public override string ToString() => Kind switch
    {
        QueueOutcomeKind.RetryAfter => $"retry after {Delay}",
        QueueOutcomeKind.DeadLetter or QueueOutcomeKind.Abandoned => $"{Kind.ToString().ToLowerInvariant()}: {Reason}",
        _ => "completed",
    };
}
