using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Syndication.Core.Queues;
using CoreQueueMessage = Syndication.Core.Queues.QueueMessage;

namespace Syndication.Storage.Azure;

/// <summary>
/// The work-queue port on Azure Queue Storage. Bodies are Base64-encoded on the wire (the client is configured
/// so), which is what the Functions queue trigger expects by default. Queues are created on first send.
/// </summary>
public sealed class AzureWorkQueue(QueueServiceClient service) : IWorkQueue
{
    /// <summary>The service's limits on a message's initial invisibility and on a receive's visibility timeout.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    public async Task SendAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken)
    {
        var client = Queue(queue);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : Seconds(delay, TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Time to live -1 = never expires: an undelivered message must not silently vanish after 7 days.
                await client.SendMessageAsync(body, visibility, TimeSpan.FromSeconds(-1), cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt == 1)
            {
                await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
            {
                throw StorageErrors.Unavailable(service.Uri, ex);
            }
        }
    }

    public async Task<IReadOnlyList<CoreQueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        try
        {
            // The service hands out at most 32 messages per call and hides them for whole seconds (at least one).
            var response = await Queue(queue).ReceiveMessagesAsync(Math.Min(maxMessages, 32), Seconds(visibilityTimeout, TimeSpan.FromSeconds(1)), cancellationToken);
            return [.. response.Value.Select(m => new CoreQueueMessage(queue, m.MessageId, m.PopReceipt, m.Body.ToString(), (int)m.DequeueCount, m.InsertedOn ?? DateTimeOffset.MinValue))];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return []; // nothing was ever sent to it
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async Task<bool> CompleteAsync(CoreQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await Queue(message.Queue).DeleteMessageAsync(message.Id, message.Receipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 || ex.ErrorCode == QueueErrorCode.PopReceiptMismatch)
        {
            // Received again since (the receipt changed) or already deleted.
            return false;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await Queue(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    private QueueClient Queue(string name) => _queues.GetOrAdd(name, service.GetQueueClient);

    private static TimeSpan Seconds(TimeSpan value, TimeSpan minimum)
    {
        var rounded = TimeSpan.FromSeconds(Math.Ceiling(value.TotalSeconds));
        return rounded < minimum ? minimum : rounded > MaxDelay ? MaxDelay : rounded;
    }
}
