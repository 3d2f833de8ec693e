namespace Syndication.Core.Queues;

/// <summary>Handles the messages of one queue. Both hosts route messages to these.</summary>
public interface IQueueWorkHandler
{
    string Queue { get; }

    /// <summary>How long a received message stays hidden while it is handled.</summary>
    TimeSpan VisibilityTimeout { get; }

    /// <summary>
    /// Handles a batch. Completes (deletes) each message it is done with through <paramref name="queue"/>;
    /// messages it leaves alone reappear after the visibility timeout. Throwing leaves the whole batch to reappear.
    /// </summary>
    Task HandleAsync(IReadOnlyList<QueueMessage> messages, IWorkQueue queue, CancellationToken cancellationToken);
}
