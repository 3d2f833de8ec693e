using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;
using CoreQueueMessage = Syndication.Core.Queues.QueueMessage;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Syndication.Functions;

/// <summary>
/// Runs the <see cref="IQueueWorkHandler"/> of a queue on one message delivered by a queue trigger, keeping the
/// handler's contract the same as under the CLI's <see cref="QueueDrainer"/>:
/// <list type="bullet">
/// <item>the handler completes the message through its <see cref="IWorkQueue"/>; here that is a
/// <see cref="TriggeredWorkQueue"/> that only records it, because the runtime deletes the message when the
/// function succeeds (deleting it ourselves would make the runtime's delete fail);</item>
/// <item>sends (e.g. a delivery re-enqueued with a backoff delay) go to the real queue;</item>
/// <item>a message the handler leaves alone must come back later, so the function fails: the runtime makes it
/// visible again after host.json's <c>visibilityTimeout</c> and moves it to <c>&lt;queue&gt;-poison</c> after
/// <c>maxDequeueCount</c> (5, as <see cref="QueueDrainer.MaxDequeueCount"/>).</item>
/// </list>
/// </summary>
public sealed partial class QueueTriggerDispatcher(IEnumerable<IQueueWorkHandler> handlers, IWorkQueue queue, TimeProvider timeProvider, ILogger<QueueTriggerDispatcher> logger)
{
    public async Task DispatchAsync(string queueName, StorageQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var handler = handlers.FirstOrDefault(h => string.Equals(h.Queue, queueName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No handler is registered for queue '{queueName}'; the message stays in the queue and is retried.");

        var received = new CoreQueueMessage(queueName, message.MessageId, message.PopReceipt, message.Body.ToString(), (int)message.DequeueCount,
            message.InsertedOn ?? timeProvider.GetUtcNow());
        var triggered = new TriggeredWorkQueue(queue, received);
        await handler.HandleAsync([received], triggered, cancellationToken);

        if (!triggered.TriggerMessageCompleted)
        {
            LogLeftForRetry(logger, queueName, message.MessageId, (int)message.DequeueCount);
            throw new MessageLeftForRetryException($"The {queueName} handler left message {message.MessageId} for a later attempt (dequeue count {message.DequeueCount}).");
        }

        LogHandled(logger, queueName, message.MessageId, (int)message.DequeueCount);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Message {MessageId} of queue {Queue} handled (dequeue count {DequeueCount})")]
    private static partial void LogHandled(ILogger logger, string queue, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} was not completed by its handler (dequeue count {DequeueCount}); it will be retried")]
    private static partial void LogLeftForRetry(ILogger logger, string queue, string messageId, int dequeueCount);
}

/// <summary>The handler did not complete the trigger message: fail the invocation so the runtime retries it.</summary>
public sealed class MessageLeftForRetryException : Exception
{
    public MessageLeftForRetryException() { }
    public MessageLeftForRetryException(string message) : base(message) { }
    public MessageLeftForRetryException(string message, Exception innerException) : base(message, innerException) { }
}
