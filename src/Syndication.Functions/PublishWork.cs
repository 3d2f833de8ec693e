using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Queues;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Syndication.Functions;

/// <summary><c>publish</c> queue → the publish handler (feed documents).</summary>
public sealed class PublishWork(QueueTriggerDispatcher dispatcher)
{
    [Function(nameof(PublishWork))]
    public Task Run([QueueTrigger(QueueNames.Publish, Connection = StorageConnection.Name)] StorageQueueMessage message, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(QueueNames.Publish, message, cancellationToken);
}
