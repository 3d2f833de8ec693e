using System.Text.Json;
using System.Text.Json.Serialization;
using Syndication.Core.Articles;

namespace Syndication.Core.Entries;

/// <summary>An extracted, sanitised article as stored in <c>entries/&lt;id&gt;.json</c>.</summary>
public sealed record Entry
{
    /// <summary>Derived from the article's blob name; never changes for an article.</summary>
    public required string Id { get; init; }

    /// <summary>Hash of the uploaded bytes; a new upload with other bytes is a new version.</summary>
    public required string Version { get; init; }

    /// <summary>Blob name under <c>articles/</c>.</summary>
    public required string Source { get; init; }

    public required string Title { get; init; }

    /// <summary>Absolute link to the article (its canonical URL, or one under Feeds:BaseUrl).</summary>
    public required string Url { get; init; }

    public required DateTimeOffset Published { get; init; }
    public required DateTimeOffset Updated { get; init; }
    public string? Author { get; init; }
    public string? Language { get; init; }
    public string? Image { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? CanonicalUrl { get; init; }

    /// <summary>Stable id of the story this entry is one language version of; null for entries stored before stories.</summary>
    public string? Story { get; init; }

    /// <summary>The other language versions of the story (never this entry itself).</summary>
    public IReadOnlyList<EntryTranslation> Translations { get; init; } = [];

    /// <summary>The translations this entry's own page names (hreflang alternates), from which its story's translations are worked out.</summary>
    public IReadOnlyList<ArticleAlternate> Alternates { get; init; } = [];

    public required string Text { get; init; }
    public required string Html { get; init; }
    public required string Summary { get; init; }

    /// <summary>When this version was ingested.</summary>
    public required DateTimeOffset IngestedAt { get; init; }

    /// <summary>What ingest limits cut or dropped from the upload (readable sentences), or null when nothing was.</summary>
    public IReadOnlyList<string>? Limits { get; init; }
}

/// <summary>JSON settings for everything the pipeline stores.</summary>
public static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Same as <see cref="Options"/> but compact, for queue messages.</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };
}
