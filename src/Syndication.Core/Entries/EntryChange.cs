namespace Syndication.Core.Entries;

/// <summary>What happened to an entry.</summary>
public enum EntryChangeKind
{
    Published,
    Updated,
    Deleted,

    /// <summary>
    /// Only the entry's links to its translations changed (same version): its feeds are republished, partners are not
    /// told (see docs/decisions/0004-stories.md).
    /// </summary>
    Relinked,
}

/// <summary>An entry that was created, replaced by a new version, or removed.</summary>
/// <param name="Entry">The entry now (for Deleted: the last version before removal).</param>
/// <param name="Previous">The version it replaced, for Updated.</param>
public sealed record EntryChange(EntryChangeKind Kind, Entry Entry, Entry? Previous = null)
{
    /// <summary>Event type name as partners see it.</summary>
    public string EventType => Kind switch
    {
        EntryChangeKind.Published => "article.published",
        EntryChangeKind.Updated => "article.updated",
        EntryChangeKind.Relinked => "entry.relinked",
        _ => "article.deleted",
    };
}

/// <summary>
/// Reacts to entry changes (queues publish work, fans out partner deliveries). Must be idempotent: the same
/// change may be reported more than once.
/// </summary>
public interface IEntryChangeHandler
{
    Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that can take many changes in one call (the publish queue: one message for many entries). Used when
/// announcements were deferred (<see cref="EntryJournal.DeferAnnouncements"/>); if the call fails, every change in
/// it is announced again later.
/// </summary>
public interface IEntryChangeBatchHandler : IEntryChangeHandler
{
    Task OnEntriesChangedAsync(IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by an <see cref="IEntryChangeBatchHandler"/> that handled some changes of a batch but not these: only they are
/// announced again later; the others went through.
/// </summary>
public sealed class EntryChangesFailedException(IReadOnlyList<(EntryChange Change, Exception Error)> failures)
    : Exception(Describe(failures), failures is { Count: > 0 } ? failures[0].Error : null)
{
    public IReadOnlyList<(EntryChange Change, Exception Error)> Failures { get; } = failures ?? [];

    private static string Describe(IReadOnlyList<(EntryChange Change, Exception Error)>? failures) =>
        failures is { Count: > 0 } ? $"{failures.Count} change(s) failed; the first: {failures[0].Error.Message}" : "no change failed";
}
