using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;

namespace Syndication.Core.WebSub;

/// <summary>Routes <c>websub</c> queue messages: verification of intent, distribution of a changed topic, retries.</summary>
public sealed partial class HubQueueHandler(HubVerifier verifier, HubDistributor distributor, ILogger<HubQueueHandler> logger) : IQueueWorkHandler
{
    public string Queue => QueueNames.WebSub;

    public TimeSpan VisibilityTimeout => TimeSpan.FromMinutes(5);

    /// <summary>Messages run side by side (a slow callback holds up only its own); each gets its own outcome.</summary>
    public async Task<IReadOnlyList<QueueOutcome>> HandleAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return await Task.WhenAll(messages.Select(async message =>
        {
            HubMessage parsed;
            try
            {
                parsed = HubMessage.Parse(message.Body);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                return QueueOutcome.DeadLetter("not a websub message: " + ex.Message);
            }

            try
            {
                await HandleOneAsync(parsed, cancellationToken);
                return QueueOutcome.Completed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It reappears after the visibility timeout; claims keep the retry from sending anything twice.
                LogFailed(logger, ex, message.Id);
                return QueueOutcome.Abandoned(ex.Message);
            }
        }));
    }

    /// <summary>
    /// Verification and distribution are idempotent (claims, hashes of accepted documents), so poisoned work, a long
    /// storage outage say, is tried again; an unreadable message stays in the poison queue to be looked at.
    /// </summary>
    public Task<PoisonOutcome> SalvageAsync(QueueMessage poisoned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poisoned);
        try
        {
            HubMessage.Parse(poisoned.Body);
            return Task.FromResult(PoisonOutcome.Requeue);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return Task.FromResult(PoisonOutcome.Keep);
        }
    }

    public Task HandleOneAsync(HubMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Kind switch
        {
            HubMessage.Verify => verifier.VerifyAsync(message, cancellationToken),
            HubMessage.Distribute => distributor.DistributeAsync(message.FeedName, cancellationToken),
            HubMessage.Retry => distributor.RetryAsync(message.FeedName, message.Callback ?? throw new InvalidDataException("A retry without a callback."), message.Attempt, cancellationToken),
            _ => throw new InvalidDataException($"Unknown websub message kind '{message.Kind}'."),
        };
    }

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "Hub: websub message {MessageId} failed; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId);
}
