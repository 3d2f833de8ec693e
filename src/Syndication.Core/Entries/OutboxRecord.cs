namespace Syndication.Core.Entries;

/// <summary>
/// One pending announcement in the journal's outbox (<c>journal/outbox/&lt;id&gt;.&lt;version&gt;.&lt;save|delete&gt;.json</c>):
/// written before the entry write it announces, deleted once the change handlers have queued their work.
/// </summary>
/// <param name="Entry">For a deletion, the last version of the entry (what partners are told was removed).</param>
public sealed record OutboxRecord(string EntryId, EntryChangeKind Kind, string Version, DateTimeOffset CreatedAt, Entry? Entry = null);
