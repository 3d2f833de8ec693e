using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Queues;
using Syndication.Testing;
using CoreQueueMessage = Syndication.Core.Queues.QueueMessage;

namespace Syndication.Functions.Tests;

/// <summary>
/// Handlers keep the contract they have under the CLI's drainer when a queue trigger runs them: completing is
/// left to the runtime, re-sends reach the real queue, and a message left alone fails the invocation.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class QueueTriggerDispatcherTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _backoffQueue = "backoff-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _leaveQueue = "leave-" + Guid.NewGuid().ToString("N")[..12];
    private readonly FunctionHost _host;

    public QueueTriggerDispatcherTests(AzuriteFixture azurite)
    {
        _host = new FunctionHost(azurite, services =>
        {
            services.AddSingleton<IQueueWorkHandler>(new BackoffHandler(_backoffQueue));
            services.AddSingleton<IQueueWorkHandler>(new LeavingHandler(_leaveQueue));
        });
    }

    [Fact]
    public async Task Dispatch_HandlerResendsWithDelayAndCompletes_RuntimeDeleteSucceedsAndDelayedCopyStaysHidden()
    {
        var queue = await SendAsync(_backoffQueue, "attempt-1");
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct)).Value;

        await _host.Get<QueueTriggerDispatcher>().DispatchAsync(_backoffQueue, message, Ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct); // what the runtime does on success

        var work = _host.Get<IWorkQueue>();
        Assert.Equal(1, await work.CountAsync(_backoffQueue, Ct));
        Assert.Empty(await work.ReceiveAsync(_backoffQueue, 1, TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task Dispatch_HandlerLeavesMessage_ThrowsSoTheRuntimeRetries()
    {
        var queue = await SendAsync(_leaveQueue, "not-yet");
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct)).Value;

        await Assert.ThrowsAsync<MessageLeftForRetryException>(() => _host.Get<QueueTriggerDispatcher>().DispatchAsync(_leaveQueue, message, Ct));

        Assert.Equal(1, await _host.Get<IWorkQueue>().CountAsync(_leaveQueue, Ct));
    }

    [Fact]
    public async Task Dispatch_QueueWithoutHandler_ThrowsNamingTheQueueAndKeepsMessage()
    {
        var name = "nohandler-" + Guid.NewGuid().ToString("N")[..12];
        var queue = await SendAsync(name, "orphan");
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct)).Value;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Get<QueueTriggerDispatcher>().DispatchAsync(name, message, Ct));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _host.Get<IWorkQueue>().CountAsync(name, Ct));
    }

    [Fact]
    public async Task TriggeredWorkQueue_CompleteTriggerMessageTwice_TrueOnceAndNothingDeleted()
    {
        var queue = await SendAsync(_leaveQueue, "x");
        var received = Assert.Single(await _host.Get<IWorkQueue>().ReceiveAsync(_leaveQueue, 1, TimeSpan.FromSeconds(30), Ct));
        var triggered = new TriggeredWorkQueue(_host.Get<IWorkQueue>(), received);

        Assert.True(await triggered.CompleteAsync(received, Ct));
        Assert.False(await triggered.CompleteAsync(received, Ct));

        Assert.True(triggered.TriggerMessageCompleted);
        Assert.Equal(1, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    private async Task<QueueClient> SendAsync(string queueName, string body)
    {
        await _host.Get<IWorkQueue>().SendAsync(queueName, body, TimeSpan.Zero, Ct);
        return _host.Get<QueueServiceClient>().GetQueueClient(queueName);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Like the delivery handler's backoff: re-send with a delay, complete the original.</summary>
    private sealed class BackoffHandler(string queue) : IQueueWorkHandler
    {
        public string Queue => queue;
        public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(30);

        public async Task HandleAsync(IReadOnlyList<CoreQueueMessage> messages, IWorkQueue workQueue, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                await workQueue.SendAsync(queue, message.Body + "+retry", TimeSpan.FromHours(1), cancellationToken);
                Assert.True(await workQueue.CompleteAsync(message, cancellationToken));
            }
        }
    }

    private sealed class LeavingHandler(string queue) : IQueueWorkHandler
    {
        public string Queue => queue;
        public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(30);

        public Task HandleAsync(IReadOnlyList<CoreQueueMessage> messages, IWorkQueue workQueue, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
