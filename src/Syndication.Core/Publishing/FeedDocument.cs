using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>Which feed set a document belongs to: site-wide, one language, or one tag.</summary>
/// <param name="Path">Folder under <c>feeds/</c>: "" (site), "en", "tags/economy".</param>
public sealed record FeedScope(string Path, string Title, string? Language = null, string? Tag = null)
{
    public static FeedScope Site(string title) => new("", title);

    public string Prefix => Path.Length == 0 ? "" : Path + "/";
}

/// <summary>Everything a formatter needs to write one feed document (head feed or archive page).</summary>
public sealed record FeedDocument
{
    public required FeedScope Scope { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public string? Language { get; init; }

    /// <summary>Site home page (the first, alternate link).</summary>
    public required string SiteUrl { get; init; }

    /// <summary>Absolute URL of the document itself for each format; the formatter picks its own.</summary>
    public required string BaseUrl { get; init; }

    public string? HubUrl { get; init; }
    public string? IconUrl { get; init; }
    public required DateTimeOffset Updated { get; init; }

    /// <summary>Newest first.</summary>
    public required IReadOnlyList<Entry> Entries { get; init; }

    /// <summary>RFC 5005: set on archive pages (file stem such as "archive/3") and null on head documents.</summary>
    public string? ArchivePage { get; init; }

    /// <summary>RFC 5005 links (file stems relative to the scope folder, e.g. "archive/2"); null when none.</summary>
    public string? PrevArchive { get; init; }
    public string? NextArchive { get; init; }

    public bool IsArchive => ArchivePage is not null;
}

/// <summary>Writes a <see cref="FeedDocument"/> in one format (RSS 2.0, Atom 1.0, JSON Feed 1.1).</summary>
public interface IFeedFormatter
{
    /// <summary>File name in a feed folder, e.g. <c>rss.xml</c>.</summary>
    string FileName { get; }

    /// <summary>Extension for archive pages, e.g. <c>.rss.xml</c>.</summary>
    string ArchiveSuffix { get; }

    /// <summary>HTTP content type with charset.</summary>
    string ContentType { get; }

    /// <summary>The document's bytes.</summary>
    byte[] Format(FeedDocument document);

    /// <summary>
    /// Writes the document's bytes to <paramref name="destination"/>: publishing renders into buffers it reuses rather
    /// than a new array per document (a bulk import writes about 100 MB of feeds).
    /// </summary>
    void Format(FeedDocument document, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Format(document));
    }
}

/// <summary>Writes <c>feeds/index.opml</c> listing every feed.</summary>
public interface IOpmlWriter
{
    byte[] Write(string title, IReadOnlyList<OpmlOutline> outlines);
}

/// <summary>One feed listed in the OPML index.</summary>
public sealed record OpmlOutline(string Title, string XmlUrl, string HtmlUrl, string Type, string? Language);
