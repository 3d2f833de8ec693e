using Microsoft.Extensions.Logging;

namespace Syndication.Core.Queues;

/// <summary>
/// The CLI's way of running queue handlers: receives the visible messages of a queue, hands them to the handler and
/// settles each one as its <see cref="QueueOutcome"/> says (complete; re-send with a delay, then complete; move to
/// the poison queue; or leave it to reappear). A message received more than <see cref="MaxDequeueCount"/> times
/// is moved to <c>&lt;queue&gt;-poison</c> with its body intact (as the Functions queue trigger does), never dropped.
/// </summary>
public sealed partial class QueueDrainer(IWorkQueue queue, ILogger<QueueDrainer> logger)
{
    public const int MaxDequeueCount = 5;
    public const int BatchSize = 32;

    public static string PoisonQueue(string queueName) => queueName + "-poison";

    /// <summary>Handles visible messages until the queue has none visible; returns how many were received.</summary>
    public async Task<int> DrainAsync(IQueueWorkHandler handler, CancellationToken cancellationToken, int maxRounds = int.MaxValue) =>
        (await DrainReportingAsync(handler, cancellationToken, maxRounds)).Received;

    /// <summary>
    /// As <see cref="DrainAsync"/>, and says why the handler failed if it threw (the batch is left to reappear after the
    /// visibility timeout; the drain stops there).
    /// </summary>
    public async Task<(int Received, string? Failure)> DrainReportingAsync(IQueueWorkHandler handler, CancellationToken cancellationToken, int maxRounds = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var received = 0;
        string? failure = null;
        for (var round = 0; round < maxRounds; round++)
        {
            var messages = await ReceiveBatchAsync(handler, cancellationToken);
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

            IReadOnlyList<QueueOutcome> outcomes;
            try
            {
                outcomes = await handler.HandleAsync(work, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Leave the batch: it reappears after the visibility timeout and is retried, then poisoned.
                LogFailed(logger, ex, handler.Queue, work.Count);
                failure = $"{ex.GetType().Name}: {ex.Message}";
                break;
            }

            if (outcomes.Count != work.Count)
            {
                throw new InvalidOperationException($"The {handler.Queue} handler returned {outcomes.Count} outcome(s) for {work.Count} message(s).");
            }

            for (var i = 0; i < work.Count; i++)
            {
                await SettleAsync(work[i], outcomes[i], cancellationToken);
            }
        }

        return (received, failure);
    }

    private async Task SettleAsync(QueueMessage message, QueueOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome.Kind)
        {
            case QueueOutcomeKind.Completed:
                await queue.CompleteAsync(message, cancellationToken);
                break;
            case QueueOutcomeKind.RetryAfter:
                // Send before deleting: a crash in between leaves both, and handlers take a message twice calmly.
                await queue.SendAsync(message.Queue, outcome.Body ?? message.Body, outcome.Delay, cancellationToken);
                await queue.CompleteAsync(message, cancellationToken);
                break;
            case QueueOutcomeKind.DeadLetter:
                await queue.SendAsync(PoisonQueue(message.Queue), message.Body, TimeSpan.Zero, cancellationToken);
                await queue.CompleteAsync(message, cancellationToken);
                LogDeadLettered(logger, message.Queue, message.Id, outcome.Reason ?? "");
                break;
            default:
                LogAbandoned(logger, message.Queue, message.Id, message.DequeueCount, outcome.Reason ?? "");
                break;
        }
    }

    /// <summary>Up to the handler's batch size, over as many receive calls as that takes (Azure hands out 32 at a time).</summary>
    private async Task<List<QueueMessage>> ReceiveBatchAsync(IQueueWorkHandler handler, CancellationToken cancellationToken)
    {
        var batch = new List<QueueMessage>();
        var wanted = Math.Max(1, handler.BatchSize);
        while (batch.Count < wanted)
        {
            var received = await queue.ReceiveAsync(handler.Queue, wanted - batch.Count, handler.VisibilityTimeout, cancellationToken);
            if (received.Count == 0)
            {
                break;
            }

            batch.AddRange(received);
        }

        return batch;
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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Message {MessageId} of queue {Queue} cannot be handled ({Reason}); moved to the poison queue")]
    private static partial void LogDeadLettered(ILogger logger, string queue, string messageId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} failed (dequeue count {DequeueCount}): {Reason}; it will be retried")]
    private static partial void LogAbandoned(ILogger logger, string queue, string messageId, int dequeueCount, string reason);
}
