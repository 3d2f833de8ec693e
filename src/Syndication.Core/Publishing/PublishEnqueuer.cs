using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Queues;

namespace Syndication.Core.Publishing;

/// <summary>Body of a message on the <c>publish</c> queue.</summary>
public sealed record PublishMessage(string EntryId, EntryChangeKind Kind, string Version);

/// <summary>Queues publish work for every entry change.</summary>
public sealed class PublishEnqueuer(IWorkQueue queue) : IEntryChangeHandler
{
    public Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken) =>
        queue.SendAsync(
            QueueNames.Publish,
            JsonSerializer.Serialize(new PublishMessage(change.Entry.Id, change.Kind, change.Entry.Version), StoredJson.Compact),
            TimeSpan.Zero,
            cancellationToken);
}
