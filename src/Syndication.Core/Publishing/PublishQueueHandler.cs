using Syndication.Core.Queues;

namespace Syndication.Core.Publishing;

/// <summary>Routes <c>publish</c> queue messages to <see cref="PublishHandler"/>, a batch per feed update.</summary>
public sealed class PublishQueueHandler(PublishHandler handler) : IQueueWorkHandler
{
    public string Queue => QueueNames.Publish;

    public TimeSpan VisibilityTimeout => TimeSpan.FromMinutes(5);

    /// <summary>A batch costs about one rewrite of each feed it touches, so a bulk import is best published in few, large batches.</summary>
    public int BatchSize => 1000;

    public async Task<IReadOnlyList<QueueOutcome>> HandleAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var parsed = messages.Select(m => TryParse(m.Body)).ToList();
        var valid = parsed.OfType<IReadOnlyList<PublishMessage>>().SelectMany(changes => changes).ToList();
        if (valid.Count > 0)
        {
            await handler.HandleAsync(valid, cancellationToken);
        }

        // One unreadable message must not hold back the batch it arrived in.
        return [.. parsed.Select(p => p is null ? QueueOutcome.DeadLetter("not a publish message") : QueueOutcome.Completed)];
    }

    /// <summary>
    /// Publishing is idempotent and converges, so poisoned work (a long storage outage, say) is simply tried again;
    /// an unreadable message stays in the poison queue for someone to look at.
    /// </summary>
    public Task<PoisonOutcome> SalvageAsync(QueueMessage poisoned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poisoned);
        return Task.FromResult(TryParse(poisoned.Body) is null ? PoisonOutcome.Keep : PoisonOutcome.Requeue);
    }

    private static IReadOnlyList<PublishMessage>? TryParse(string body)
    {
        try
        {
            return PublishHandler.Parse(body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }
}
