using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Queues;
using Syndication.Testing;
using CoreQueueMessage = Syndication.Core.Queues.QueueMessage;

namespace Syndication.Functions.Tests;

/// <summary>
/// A queue trigger settles a handler's outcome the trigger's way: the runtime deletes the message when the function
/// returns, so a retry is a delayed follow-up sent before returning, a dead letter goes to the poison queue, and an
/// abandoned message fails the invocation.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class QueueTriggerDispatcherTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _queue = "outcome-" + Guid.NewGuid().ToString("N")[..12];
    private readonly OutcomeHandler _handler;
    private readonly FunctionHost _host;

    public QueueTriggerDispatcherTests(AzuriteFixture azurite)
    {
        _handler = new OutcomeHandler(_queue);
        _host = new FunctionHost(azurite, services => services.AddSingleton<IQueueWorkHandler>(_handler));
    }

    [Fact]
    public async Task Dispatch_RetryAfterWithFollowUp_FollowUpQueuedHiddenAndRuntimeDeleteSucceeds()
    {
        _handler.Outcome = m => QueueOutcome.RetryAfter(TimeSpan.FromHours(1), m.Body + "+retry");
        var (queue, message) = await ReceiveAsync("attempt-1");

        await _host.Get<QueueTriggerDispatcher>().DispatchAsync(_queue, message, Ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct); // what the runtime does on success

        var work = _host.Get<IWorkQueue>();
        Assert.Equal(1, await work.CountAsync(_queue, Ct));
        Assert.Empty(await work.ReceiveAsync(_queue, 1, TimeSpan.FromSeconds(1), Ct));
        var peeked = (await queue.PeekMessagesAsync(1, Ct)).Value;
        Assert.Empty(peeked); // hidden for the hour
    }

    [Fact]
    public async Task Dispatch_Abandoned_ThrowsNamingTheReasonSoTheRuntimeRetries()
    {
        _handler.Outcome = _ => QueueOutcome.Abandoned("storage unreachable");
        var (_, message) = await ReceiveAsync("not-yet");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Get<QueueTriggerDispatcher>().DispatchAsync(_queue, message, Ct));

        Assert.Contains("storage unreachable", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _host.Get<IWorkQueue>().CountAsync(_queue, Ct));
    }

    [Fact]
    public async Task Dispatch_DeadLetter_BodyGoesToPoisonQueueAndFunctionReturns()
    {
        _handler.Outcome = _ => QueueOutcome.DeadLetter("unreadable");
        var (_, message) = await ReceiveAsync("garbage");

        await _host.Get<QueueTriggerDispatcher>().DispatchAsync(_queue, message, Ct);

        var poisoned = Assert.Single(await _host.Get<IWorkQueue>().ReceiveAsync(QueueDrainer.PoisonQueue(_queue), 5, TimeSpan.FromSeconds(30), Ct));
        Assert.Equal("garbage", poisoned.Body);
    }

    [Fact]
    public async Task Dispatch_Completed_NothingSentAnywhere()
    {
        _handler.Outcome = _ => QueueOutcome.Completed;
        var (queue, message) = await ReceiveAsync("done");

        await _host.Get<QueueTriggerDispatcher>().DispatchAsync(_queue, message, Ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);

        Assert.Equal(0, await _host.Get<IWorkQueue>().CountAsync(_queue, Ct));
        Assert.Equal(0, await _host.Get<IWorkQueue>().CountAsync(QueueDrainer.PoisonQueue(_queue), Ct));
    }

    [Fact]
    public async Task Dispatch_QueueWithoutHandler_ThrowsNamingTheQueueAndKeepsMessage()
    {
        var name = "nohandler-" + Guid.NewGuid().ToString("N")[..12];
        await _host.Get<IWorkQueue>().SendAsync(name, "orphan", TimeSpan.Zero, Ct);
        var queue = _host.Get<QueueServiceClient>().GetQueueClient(name);
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct)).Value;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Get<QueueTriggerDispatcher>().DispatchAsync(name, message, Ct));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _host.Get<IWorkQueue>().CountAsync(name, Ct));
    }

    private async Task<(QueueClient Queue, Azure.Storage.Queues.Models.QueueMessage Message)> ReceiveAsync(string body)
    {
        await _host.Get<IWorkQueue>().SendAsync(_queue, body, TimeSpan.Zero, Ct);
        var queue = _host.Get<QueueServiceClient>().GetQueueClient(_queue);
        return (queue, (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct)).Value);
    }

    public void Dispose() => _host.Dispose();

    private sealed class OutcomeHandler(string queue) : IQueueWorkHandler
    {
        public Func<CoreQueueMessage, QueueOutcome> Outcome { get; set; } = _ => QueueOutcome.Completed;
        public string Queue => queue;
        public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(30);

        public Task<IReadOnlyList<QueueOutcome>> HandleAsync(IReadOnlyList<CoreQueueMessage> messages, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<QueueOutcome>>([.. messages.Select(Outcome)]);

        public Task<PoisonOutcome> SalvageAsync(CoreQueueMessage poisoned, CancellationToken cancellationToken) => Task.FromResult(PoisonOutcome.Keep);
    }
}
