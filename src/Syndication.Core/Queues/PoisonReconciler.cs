using Microsoft.Extensions.Logging;

namespace Syndication.Core.Queues;

/// <summary>
/// Empties the <c>&lt;queue&gt;-poison</c> queues, whoever filled them (the CLI's <see cref="QueueDrainer"/> or the
/// Functions runtime after <c>maxDequeueCount</c>): each message goes to its queue's handler
/// (<see cref="IQueueWorkHandler.SalvageAsync"/>), which turns it into a dead letter with its history or retries
/// the work. Both hosts run it with their periodic reconcile. Work that keeps failing is requeued at most
/// <see cref="PoisonLedger.MaxRequeues"/> times (<see cref="PoisonLedger"/> counts), then parked in the poison queue
/// with a reason an operator can read.
/// </summary>
public sealed partial class PoisonReconciler(IWorkQueue queue, IEnumerable<IQueueWorkHandler> handlers, PoisonLedger ledger, ILogger<PoisonReconciler> logger)
{
    /// <summary>How long a kept message stays hidden: past this reconcile, not past the next.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(20);

    /// <summary>Salvages every visible poison message; returns how many were settled or requeued.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var salvaged = 0;
        foreach (var handler in handlers)
        {
            salvaged += await ReconcileAsync(handler, cancellationToken);
        }

        return salvaged;
    }

    /// <summary>
    /// The operator's retry of a parked message (the operator page's button, <c>POST /api/poison/…/retry</c>): forgets
    /// its ledger record and runs this queue's salvage pass at once, which requeues it with a fresh count, as the
    /// periodic reconcile would.
    /// </summary>
    public async Task<ParkedRetryOutcome> RetryParkedAsync(string queueName, string id, CancellationToken cancellationToken)
    {
        var handler = handlers.FirstOrDefault(h => h.Queue == queueName);
        if (handler is null || await ledger.GetAsync(queueName, id, cancellationToken) is not { IsParked: true })
        {
            return ParkedRetryOutcome.NotFound;
        }

        await ledger.ForgetAsync(queueName, id, cancellationToken);
        LogRetryRequested(logger, QueueDrainer.PoisonQueue(queueName), id);
        await ReconcileAsync(handler, cancellationToken);

        // Counted afresh (and so requeued) only if this pass saw it; a pass just before left it hidden for KeepFor.
        return await ledger.GetAsync(queueName, id, cancellationToken) is { IsParked: false }
            ? ParkedRetryOutcome.Requeued
            : ParkedRetryOutcome.RequeuedByNextPass;
    }

    private async Task<int> ReconcileAsync(IQueueWorkHandler handler, CancellationToken cancellationToken)
    {
        var poisonQueue = QueueDrainer.PoisonQueue(handler.Queue);
        var salvaged = 0;
        while (true)
        {
            // Kept messages stay hidden for KeepFor, so each is looked at once per pass and the loop ends.
            var messages = await queue.ReceiveAsync(poisonQueue, QueueDrainer.BatchSize, KeepFor, cancellationToken);
            if (messages.Count == 0)
            {
                return salvaged;
            }

            foreach (var message in messages)
            {
                PoisonOutcome outcome;
                try
                {
                    outcome = await handler.SalvageAsync(message, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSalvageFailed(logger, ex, poisonQueue, message.Id);
                    continue;
                }

                if (outcome == PoisonOutcome.Requeue)
                {
                    var counted = await ledger.CountAsync(handler.Queue, message.Body, cancellationToken);
                    if (counted.IsParked)
                    {
                        if (counted.Requeues == PoisonLedger.MaxRequeues + 1)
                        {
                            LogParked(logger, poisonQueue, message.Id, counted.Reason!);
                        }

                        continue; // stays, hidden until the next pass, where an operator can find it
                    }

                    await queue.SendAsync(handler.Queue, message.Body, TimeSpan.Zero, cancellationToken);
                }

                if (outcome != PoisonOutcome.Keep)
                {
                    await queue.CompleteAsync(message, cancellationToken);
                    salvaged++;
                }

                LogSalvaged(logger, poisonQueue, message.Id, outcome);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Poison message {MessageId} of {Queue}: {Outcome}")]
    private static partial void LogSalvaged(ILogger logger, string queue, string messageId, PoisonOutcome outcome);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Poison message {MessageId} of {Queue} parked: {Reason}")]
    private static partial void LogParked(ILogger logger, string queue, string messageId, string reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Parked message {ParkedId} of {Queue}: an operator asked to retry it; its ledger record is deleted")]
    private static partial void LogRetryRequested(ILogger logger, string queue, string parkedId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Poison message {MessageId} of {Queue} could not be salvaged; it stays there for the next reconcile")]
    private static partial void LogSalvageFailed(ILogger logger, Exception exception, string queue, string messageId);
}
