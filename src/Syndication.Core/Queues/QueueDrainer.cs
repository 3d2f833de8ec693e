using Microsoft.Extensions.Logging;

namespace Syndication.Core.Queues;

/// <summary>
/// Receives and handles the visible messages of a queue until none are left. A message received too often is
/// moved to <c>&lt;queue&gt;-poison</c> with its body intact (as the Functions queue trigger does), never dropped.
/// </summary>
public sealed partial class QueueDrainer(IWorkQueue queue, ILogger<QueueDrainer> logger)
{
    public const int MaxDequeueCount = 5;
    public const int BatchSize = 32;

    public static string PoisonQueue(string queueName) => queueName + "-poison";

    /// <summary>Handles visible messages until the queue has none visible; returns how many were received.</summary>
    public async Task<int> DrainAsync(IQueueWorkHandler handler, CancellationToken cancellationToken, int maxRounds = int.MaxValue)
    {
        var received = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var messages = await queue.ReceiveAsync(handler.Queue, BatchSize, handler.VisibilityTimeout, cancellationToken);
            if (messages.Count == 0)
            {
                break;
            }

            received += messages.Count;
            var (poison, work) = Split(messages);
            foreach (var message in poison)
            {
                await queue.SendAsync(PoisonQueue(handler.Queue), message.Body, TimeSpan.Zero, cancellationToken);
                await queue.CompleteAsync(message, cancellationToken);
                LogPoisoned(logger, handler.Queue, message.Id, message.DequeueCount);
            }

            if (work.Count == 0)
            {
                continue;
            }

            try
            {
                await handler.HandleAsync(work, queue, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Leave the batch: it reappears after the visibility timeout and is retried, then poisoned.
                LogFailed(logger, ex, handler.Queue, work.Count);
                break;
            }
        }

        return received;
    }

    private static (List<QueueMessage> Poison, List<QueueMessage> Work) Split(IReadOnlyList<QueueMessage> messages)
    {
        var poison = new List<QueueMessage>();
        var work = new List<QueueMessage>();
        foreach (var message in messages)
        {
            (message.DequeueCount > MaxDequeueCount ? poison : work).Add(message);
        }

        return (poison, work);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Message {MessageId} of queue {Queue} failed {DequeueCount} times; moved to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Handling {Count} message(s) of queue {Queue} failed; they will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string queue, int count);
}
