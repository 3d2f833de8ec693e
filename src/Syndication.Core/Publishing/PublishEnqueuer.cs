using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Queues;

namespace Syndication.Core.Publishing;

/// <summary>One entry change to publish; a <c>publish</c> queue message carries one, or several as a JSON array.</summary>
public sealed record PublishMessage(string EntryId, EntryChangeKind Kind, string Version);

/// <summary>
/// Queues publish work for every entry change, with group commit: changes announced while a send is under way are
/// queued together by the next send, as one message. Each caller returns only once a message holding its change is
/// queued (as durably as the queue's send makes it), so "announce after a durable write" holds for each entry as
/// before; concurrent ingests (a reconcile pass) share messages and their writes instead of each writing one.
/// Publishing a message of many changes costs about what one costs (the publisher batches by scope).
/// </summary>
public sealed class PublishEnqueuer(IWorkQueue queue) : IEntryChangeBatchHandler
{
    /// <summary>Changes in one message at most: about 120 bytes each, well under a storage queue message's 64 KB.</summary>
    public const int MaxChangesPerMessage = 200;

    private readonly Lock _gate = new();
    private readonly Queue<Group> _waiting = new();
    private Group? _open;
    private bool _sending;

    public async Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Group mine;
        bool send;
        lock (_gate)
        {
            if (_open is null || _open.Messages.Count >= MaxChangesPerMessage)
            {
                _open = new Group();
                _waiting.Enqueue(_open);
            }

            mine = _open;
            mine.Messages.Add(new PublishMessage(change.Entry.Id, change.Kind, change.Entry.Version));
            send = !_sending;
            _sending = true;
        }

        if (send)
        {
            await SendWaitingAsync(cancellationToken);
        }

        await mine.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues many changes at once: one message per <see cref="MaxChangesPerMessage"/> changes.</summary>
    public async Task OnEntriesChangedAsync(IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var chunk in changes.Chunk(MaxChangesPerMessage))
        {
            await queue.SendAsync(QueueNames.Publish, Body([.. chunk.Select(c => new PublishMessage(c.Entry.Id, c.Kind, c.Entry.Version))]), TimeSpan.Zero, cancellationToken);
        }
    }

    /// <summary>The body of a message holding <paramref name="messages"/>: one object for one change (the format of earlier releases), else an array.</summary>
    public static string Body(IReadOnlyList<PublishMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 1
            ? JsonSerializer.Serialize(messages[0], StoredJson.Compact)
            : JsonSerializer.Serialize(messages, StoredJson.Compact);
    }

    /// <summary>Sends group after group until none waits; changes that arrive meanwhile join the open group.</summary>
    private async Task SendWaitingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Group group;
            lock (_gate)
            {
                if (!_waiting.TryDequeue(out group!))
                {
                    _sending = false;
                    return;
                }

                if (ReferenceEquals(group, _open))
                {
                    _open = null; // sealed: what arrives from now on goes into the next message
                }
            }

            try
            {
                await queue.SendAsync(QueueNames.Publish, Body(group.Messages), TimeSpan.Zero, cancellationToken);
                group.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // Each caller of the group fails as its own send would have: its outbox record stays and is announced again.
                group.Done.TrySetException(ex);
            }
        }
    }

    private sealed class Group
    {
        public List<PublishMessage> Messages { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
