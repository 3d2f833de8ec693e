using Syndication.Core.Queues;

namespace Syndication.Core.Publishing;

/// <summary>Routes <c>publish</c> queue messages to <see cref="PublishHandler"/>, a batch per feed update.</summary>
public sealed class PublishQueueHandler(PublishHandler handler) : IQueueWorkHandler
{
    public string Queue => QueueNames.Publish;

    public TimeSpan VisibilityTimeout => TimeSpan.FromMinutes(5);

    public async Task HandleAsync(IReadOnlyList<QueueMessage> messages, IWorkQueue queue, CancellationToken cancellationToken)
    {
        await handler.HandleAsync([.. messages.Select(m => PublishHandler.Parse(m.Body))], cancellationToken);
        foreach (var message in messages)
        {
            await queue.CompleteAsync(message, cancellationToken);
        }
    }
}
