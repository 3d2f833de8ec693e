namespace Syndication.Core.Entries;

/// <summary>
/// The blob metadata keys of the entry bookkeeping, spelled once. Entries carry them so Reconcile compares
/// listings without reading content; quarantined uploads carry <see cref="SourceETag"/> for the same reason.
/// </summary>
internal static class EntryMetadata
{
    /// <summary>The article's blob name (URI-escaped: metadata values are ASCII).</summary>
    public const string Source = "source";

    /// <summary>The entry's version (hash of the article bytes).</summary>
    public const string Version = "version";

    /// <summary>The ETag (unquoted) of the article bytes the entry was made from.</summary>
    public const string SourceETag = "sourceetag";

    /// <summary>
    /// <c>&lt;batch id&gt;:&lt;published|updated&gt;</c> on an entry saved under an outbox batch (a reconcile pass): while
    /// <c>journal/batches/&lt;batch id&gt;.json</c> exists, this version's announcement may still be pending.
    /// </summary>
    public const string OutboxBatch = "outboxbatch";

    /// <summary>Written by releases before the journal: "false" while an entry's announcement was pending.</summary>
    public const string LegacyAnnounced = "announced";

    /// <summary>Written by releases before the journal, beside <see cref="LegacyAnnounced"/>.</summary>
    public const string LegacyPreviousVersion = "previousversion";

    public static string? Read(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
