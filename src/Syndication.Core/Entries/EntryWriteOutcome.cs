namespace Syndication.Core.Entries;

/// <summary>What <see cref="EntryJournal"/> did with a save or a deletion.</summary>
public enum EntryWriteOutcome
{
    /// <summary>A new entry was stored and announced as published.</summary>
    Published,

    /// <summary>A new version replaced the stored one and was announced as updated.</summary>
    Updated,

    /// <summary>The stored entry already has this version; nothing was announced.</summary>
    Unchanged,

    /// <summary>The article changed while these bytes were being processed; the newer bytes win and nothing was written.</summary>
    Stale,

    /// <summary>The entry was removed and its deletion announced.</summary>
    Deleted,

    /// <summary>There was nothing to delete, or the article exists again, so nothing was removed.</summary>
    Kept,
}
