namespace Syndication.Core.Entries;

/// <summary>
/// One batch of the journal's outbox (<c>journal/batches/&lt;id&gt;.json</c>), for a reconcile pass that saves many
/// entries: written before the first entry saved under it, deleted once every change saved under it is announced.
/// Each entry saved under it names it (<see cref="EntryMetadata.OutboxBatch"/>) instead of having an outbox record of its
/// own, so a pass of a thousand entries writes and deletes one file here, not a thousand.
/// </summary>
/// <param name="Owner">The process saving under it (<see cref="OutboxOwner"/>): a recovery on the same machine can tell at once that it died.</param>
public sealed record OutboxBatch(string Id, DateTimeOffset CreatedAt, string Owner);
