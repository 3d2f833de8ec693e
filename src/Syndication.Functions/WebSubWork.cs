using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Queues;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Syndication.Functions;

/// <summary><c>websub</c> queue → the hub's handler (verification of intent, distribution to subscribers, retries).</summary>
public sealed class WebSubWork(QueueTriggerDispatcher dispatcher)
{
    [Function(nameof(WebSubWork))]
    public Task Run([QueueTrigger(QueueNames.WebSub, Connection = StorageConnection.Name)] StorageQueueMessage message, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(QueueNames.WebSub, message, cancellationToken);
}
