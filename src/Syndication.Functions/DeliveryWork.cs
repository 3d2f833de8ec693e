using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Queues;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Syndication.Functions;

/// <summary><c>deliveries</c> queue → the delivery handler (partner webhooks, backoff by delayed re-send).</summary>
public sealed class DeliveryWork(QueueTriggerDispatcher dispatcher)
{
    [Function(nameof(DeliveryWork))]
    public Task Run([QueueTrigger(QueueNames.Deliveries, Connection = StorageConnection.Name)] StorageQueueMessage message, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(QueueNames.Deliveries, message, cancellationToken);
}
