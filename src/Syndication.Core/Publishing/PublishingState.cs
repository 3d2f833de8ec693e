using System.Text.Json;
using System.Text.Json.Serialization;
using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>
/// The small per-scope index: the head entries, the open (still filling) archive page, and archive pages a commit
/// changed whose data and documents may not be written yet. It is the single commit point of a publish (written
/// with If-Match), so an eviction from the head into the archive, or an edit of a sealed page, is atomic and is
/// finished by whoever reads the index next. Its size is bounded by a few pages whatever the archive size.
/// </summary>
public sealed record ScopeIndex
{
    public required string Path { get; init; }
    public required string Title { get; init; }
    public string? Language { get; init; }
    public string? Tag { get; init; }

    /// <summary>Bumped on every commit; feed documents carry it so an older writer never overwrites a newer one.</summary>
    public long Seq { get; set; }

    /// <summary>Entries per head and per archive page, fixed when the scope was (re)built.</summary>
    public int PageSize { get; init; }

    /// <summary>Entries ever moved into the archive; entry number n lives on page n / PageSize + 1.</summary>
    public long ArchivedCount { get; set; }

    public DateTimeOffset Updated { get; set; }

    /// <summary>
    /// Whether the scope's registration (registry and <c>index.opml</c>) is taken care of: set by the commit of the batch
    /// that registers it, whose retry after a crash checks the registry again. False only in indexes of releases that
    /// set it in a second write after registering; those are checked against the registry until recommitted.
    /// </summary>
    public bool Registered { get; set; }

    /// <summary>Newest first, at most <see cref="PageSize"/>.</summary>
    public List<Entry> Head { get; init; } = [];

    /// <summary>Entries of the newest archive page (<see cref="OpenPage"/>), newest first.</summary>
    public List<Entry> Open { get; init; } = [];

    /// <summary>Archive pages a commit sealed or changed, held until their data and documents are written.</summary>
    public List<ArchivePageData> Pending { get; init; } = [];

    /// <summary>Whether any entry was ever archived (then page 1..OpenPage exist).</summary>
    [JsonIgnore]
    public bool HasArchive => ArchivedCount > 0;

    /// <summary>The newest archive page number (the one still filling); meaningful when <see cref="HasArchive"/>.</summary>
    [JsonIgnore]
    public int OpenPage => (int)(ArchivedCount / PageSize) + 1;
}

/// <summary>The entries of one archive page; <see cref="Version"/> orders writes of the page's documents.</summary>
public sealed record ArchivePageData
{
    public required int Number { get; init; }
    public required long Version { get; set; }

    /// <summary>Newest first.</summary>
    public List<Entry> Entries { get; init; } = [];
}

/// <summary>Where an entry sits in each scope, so an update or delete finds its page without scanning.</summary>
public sealed record EntryLocator
{
    public string? Version { get; set; }

    /// <summary>Scope path → archive page number the entry was moved to; 0 while it is in the head.</summary>
    public Dictionary<string, int> Pages { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Every scope ever published, for <c>feeds/index.opml</c>.</summary>
public sealed record ScopeRegistry
{
    /// <summary>Bumped on every change; orders writes of <c>index.opml</c>.</summary>
    public long Version { get; set; }

    public List<RegisteredScope> Scopes { get; init; } = [];
}

public sealed record RegisteredScope(string Path, string Title, string? Language, string? Tag);

/// <summary>Blob names in the <c>publishing</c> and <c>feeds</c> containers.</summary>
public static class PublishingPaths
{
    public const string Registry = "scopes.json";
    public const string Opml = "index.opml";
    public const string OpmlContentType = "text/x-opml; charset=utf-8";

    /// <summary>Compact JSON for the state blobs: they are read and written on every publish.</summary>
    public static JsonSerializerOptions Json { get; } = new(StoredJson.Options) { WriteIndented = false };

    private static string ScopeFolder(string scopePath) => "scopes/" + (scopePath.Length == 0 ? "_site" : scopePath) + "/";

    /// <summary>
    /// A scope's index, all in one flat folder (<c>indexes/tags~water.json</c>): creating a scope creates no folder. Slugs
    /// and language tags hold no <c>~</c>, so names cannot collide.
    /// </summary>
    public static string Index(string scopePath) => "indexes/" + (scopePath.Length == 0 ? "_site" : scopePath.Replace('/', '~')) + ".json";

    /// <summary>Where releases before the flat layout kept a scope's index; read when <see cref="Index"/> is missing, and moved on the next commit.</summary>
    public static string LegacyIndex(string scopePath) => ScopeFolder(scopePath) + "index.json";

    public static string PageData(string scopePath, int page) => ScopeFolder(scopePath) + $"pages/{page}.json";

    public static string Locator(string entryId) => "locators/" + entryId + ".json";

    /// <summary>File stem of an archive page relative to the scope folder, e.g. <c>archive/3</c>.</summary>
    public static string ArchiveStem(int page) => $"archive/{page}";
}
