namespace Syndication.Core.Queues;

/// <summary>The work-queue port: at-least-once messages with delays and visibility timeouts.</summary>
public interface IWorkQueue
{
    /// <summary>Sends a message that becomes visible after <paramref name="delay"/>.</summary>
    Task SendAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> visible messages and hides them for <paramref name="visibilityTimeout"/>;
    /// a message not completed within that time becomes visible again with a higher dequeue count.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Deletes a received message. Returns false when its receipt is stale (it was received again since).</summary>
    Task<bool> CompleteAsync(QueueMessage message, CancellationToken cancellationToken);

    /// <summary>Number of messages in the queue, visible or not (approximate in Azure).</summary>
    Task<int> CountAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>A received message. <see cref="Receipt"/> identifies this particular receipt of it.</summary>
public sealed record QueueMessage(string Queue, string Id, string Receipt, string Body, int DequeueCount, DateTimeOffset InsertedOn);

/// <summary>Queue names shared by both hosts (the Azure Functions queue triggers bind to these).</summary>
public static class QueueNames
{
    public const string Ingest = "ingest";
    public const string Publish = "publish";
    public const string Deliveries = "deliveries";

    /// <summary>The built-in WebSub hub: verification of intent and distribution to subscribers.</summary>
    public const string WebSub = "websub";

    public static IReadOnlyList<string> All { get; } = [Ingest, Publish, Deliveries, WebSub];
}
