using Syndication.Core.Queues;

namespace Syndication.Functions;

/// <summary>
/// The <see cref="IWorkQueue"/> a handler sees under a queue trigger: completing the trigger message is only
/// recorded (the runtime deletes it when the function returns); everything else goes to the real queue.
/// </summary>
public sealed class TriggeredWorkQueue(IWorkQueue inner, QueueMessage triggerMessage) : IWorkQueue
{
    private int _completed;

    /// <summary>Whether the handler completed the trigger message.</summary>
    public bool TriggerMessageCompleted => Volatile.Read(ref _completed) == 1;

    public Task SendAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken) =>
        inner.SendAsync(queue, body, delay, cancellationToken);

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task<bool> CompleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsTrigger(message))
        {
            // True once, as a real delete would be: a second complete of the same receipt finds nothing.
            return Task.FromResult(Interlocked.Exchange(ref _completed, 1) == 0);
        }

        return inner.CompleteAsync(message, cancellationToken);
    }

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken) => inner.CountAsync(queue, cancellationToken);

    private bool IsTrigger(QueueMessage message) =>
        string.Equals(message.Queue, triggerMessage.Queue, StringComparison.Ordinal)
        && string.Equals(message.Id, triggerMessage.Id, StringComparison.Ordinal)
        && string.Equals(message.Receipt, triggerMessage.Receipt, StringComparison.Ordinal);
}
