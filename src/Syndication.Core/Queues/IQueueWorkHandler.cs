namespace Syndication.Core.Queues;

/// <summary>
/// Handles the messages of one queue. Both hosts route messages to these and settle each message as the handler's
/// <see cref="QueueOutcome"/> says; a handler never completes or deletes messages itself.
/// </summary>
public interface IQueueWorkHandler
{
    string Queue { get; }

    /// <summary>How long a received message stays hidden while it is handled.</summary>
    TimeSpan VisibilityTimeout { get; }

    /// <summary>
    /// How many messages a host that drains the queue hands over at once. Handlers that coalesce a batch (publishing
    /// rewrites each feed once per batch) ask for more than one receive call returns.
    /// </summary>
    int BatchSize => QueueDrainer.BatchSize;

    /// <summary>
    /// Handles a batch and returns one outcome per message, in the order received. Throwing abandons the whole
    /// batch (every message reappears after the visibility timeout and counts towards the poison limit).
    /// </summary>
    Task<IReadOnlyList<QueueOutcome>> HandleAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// A message of this queue failed <see cref="QueueDrainer.MaxDequeueCount"/> times and was moved to
    /// <c>&lt;queue&gt;-poison</c> (by the drainer, or by the Functions runtime): make what it stood for visible
    /// and recoverable (a dead letter, or a retry), so nothing stays "failed" forever.
    /// </summary>
    Task<PoisonOutcome> SalvageAsync(QueueMessage poisoned, CancellationToken cancellationToken);
}
