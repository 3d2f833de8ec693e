using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;

namespace Syndication.Core.WebSub;

/// <summary>Routes <c>websub</c> queue messages: verification of intent, distribution of a changed topic, retries.</summary>
public sealed partial class HubQueueHandler(HubVerifier verifier, HubDistributor distributor, ILogger<HubQueueHandler> logger) : IQueueWorkHandler
{
    public string Queue => QueueNames.WebSub;

    public TimeSpan VisibilityTimeout => TimeSpan.FromMinutes(5);

    /// <summary>Messages run side by side (a slow callback holds up only its own); each is completed when done.</summary>
    public Task HandleAsync(IReadOnlyList<QueueMessage> messages, IWorkQueue queue, CancellationToken cancellationToken) =>
        Task.WhenAll(messages.Select(async message =>
        {
            try
            {
                await HandleOneAsync(HubMessage.Parse(message.Body), cancellationToken);
                await queue.CompleteAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Left alone: it reappears after the visibility timeout (claims keep a retry from sending twice).
                LogFailed(logger, ex, message.Id);
            }
        }));

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
