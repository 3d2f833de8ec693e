using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;

namespace Syndication.Core.Tests;

/// <summary>Group commit of publish messages: concurrent changes share a message, and nobody returns before theirs is queued.</summary>
public sealed class PublishEnqueuerTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task OnEntryChangedAsync_ChangesArriveWhileASendIsUnderWay_QueuedTogetherInTheNextMessage()
    {
        var queue = new GatedQueue();
        var enqueuer = new PublishEnqueuer(queue);

        var first = enqueuer.OnEntryChangedAsync(Change("a1"), Ct);
        await queue.FirstSendStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var others = Enumerable.Range(2, 5).Select(i => enqueuer.OnEntryChangedAsync(Change("a" + i), Ct)).ToList();

        Assert.False(first.IsCompleted, "The first change returned before its message was queued");
        Assert.All(others, t => Assert.False(t.IsCompleted, "A change returned before any message holding it was queued"));
        queue.ReleaseFirstSend.SetResult();
        await Task.WhenAll(others.Append(first)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, queue.Bodies.Count);
        Assert.Equal(["a1"], PublishHandler.Parse(queue.Bodies[0]).Select(m => m.EntryId));
        Assert.Equal(["a2", "a3", "a4", "a5", "a6"], PublishHandler.Parse(queue.Bodies[1]).Select(m => m.EntryId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OnEntryChangedAsync_SendFails_EachCallerOfThatMessageFailsAndTheNextSendWorks()
    {
        var queue = new GatedQueue { FailFirstSend = true };
        var enqueuer = new PublishEnqueuer(queue);
        queue.ReleaseFirstSend.SetResult();

        await Assert.ThrowsAsync<IOException>(() => enqueuer.OnEntryChangedAsync(Change("a1"), Ct));
        await enqueuer.OnEntryChangedAsync(Change("a2"), Ct);

        Assert.Equal("a2", Assert.Single(PublishHandler.Parse(Assert.Single(queue.Bodies))).EntryId);
    }

    [Fact]
    public void Parse_SingleObjectOfEarlierReleases_OneChange()
    {
        var changes = PublishHandler.Parse("""{"entryId":"a1","kind":"Published","version":"v1"}""");

        Assert.Equal(new PublishMessage("a1", EntryChangeKind.Published, "v1"), Assert.Single(changes));
    }

    private static EntryChange Change(string id) => new(EntryChangeKind.Published, new Entry
    {
        Id = id,
        Version = "v-" + id,
        Source = id + ".html",
        Title = id,
        Url = "https://example.org/" + id,
        Published = DateTimeOffset.UnixEpoch,
        Updated = DateTimeOffset.UnixEpoch,
        Text = "",
        Html = "",
        Summary = "",
        IngestedAt = DateTimeOffset.UnixEpoch,
    });

    /// <summary>A queue whose first send waits until the test releases it (and can fail).</summary>
    private sealed class GatedQueue : IWorkQueue
    {
        private int _sends;

        public bool FailFirstSend { get; init; }

        public TaskCompletionSource FirstSendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseFirstSend { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Bodies { get; } = [];

        public async Task SendAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken)
        {
            Assert.Equal(QueueNames.Publish, queue);
            if (Interlocked.Increment(ref _sends) == 1)
            {
                FirstSendStarted.SetResult();
                await ReleaseFirstSend.Task;
                if (FailFirstSend)
                {
                    throw new IOException("disk full");
                }
            }

            lock (Bodies)
            {
                Bodies.Add(body);
            }
        }

        public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CompleteAsync(QueueMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> CountAsync(string queue, CancellationToken cancellationToken) => Task.FromResult(Bodies.Count);
    }
}
