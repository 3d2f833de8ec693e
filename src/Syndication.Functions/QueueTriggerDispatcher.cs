using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;
using CoreQueueMessage = Syndication.Core.Queues.QueueMessage;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Syndication.Functions;

/// <summary>
/// Runs the <see cref="IQueueWorkHandler"/> of a queue on the one message a queue trigger delivers and settles the
/// handler's <see cref="QueueOutcome"/> the way the trigger works: the runtime deletes the message when the function
/// returns and makes it visible again (host.json <c>visibilityTimeout</c>) when it throws, moving it to
/// <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (5, as <see cref="QueueDrainer.MaxDequeueCount"/>).
/// <list type="bullet">
/// <item>Completed: return.</item>
/// <item>RetryAfter: send the follow-up (or a copy) with its delay, then return.</item>
/// <item>DeadLetter: send it to the poison queue ourselves, then return (retrying cannot help).</item>
/// <item>Abandoned: throw, so the runtime retries it and eventually poisons it.</item>
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
        var outcomes = await handler.HandleAsync([received], cancellationToken);
        var outcome = outcomes.Count == 1 ? outcomes[0] : throw new InvalidOperationException($"The {queueName} handler returned {outcomes.Count} outcomes for one message.");
        switch (outcome.Kind)
        {
            case QueueOutcomeKind.Completed:
                break;
            case QueueOutcomeKind.RetryAfter:
                await queue.SendAsync(queueName, outcome.Body ?? received.Body, outcome.Delay, cancellationToken);
                break;
            case QueueOutcomeKind.DeadLetter:
                await queue.SendAsync(QueueDrainer.PoisonQueue(queueName), received.Body, TimeSpan.Zero, cancellationToken);
                break;
            default:
                LogAbandoned(logger, queueName, message.MessageId, (int)message.DequeueCount, outcome.Reason ?? "");
                throw new InvalidOperationException($"The {queueName} handler could not handle message {message.MessageId} (dequeue count {message.DequeueCount}): {outcome.Reason}");
        }

        LogHandled(logger, queueName, message.MessageId, (int)message.DequeueCount, outcome);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Message {MessageId} of queue {Queue} handled (dequeue count {DequeueCount}): {Outcome}")]
    private static partial void LogHandled(ILogger logger, string queue, string messageId, int dequeueCount, QueueOutcome outcome);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} failed (dequeue count {DequeueCount}): {Reason}; the runtime retries it")]
    private static partial void LogAbandoned(ILogger logger, string queue, string messageId, int dequeueCount, string reason);
}
