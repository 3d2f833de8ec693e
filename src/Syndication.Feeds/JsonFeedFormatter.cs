using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>
/// JSON Feed 1.1. Archive pages chain through <c>next_url</c> (JSON Feed's pagination, towards older items);
/// the RFC 5005 relations are repeated in a <c>_archive</c> extension object.
/// </summary>
public sealed class JsonFeedFormatter : IFeedFormatter
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Readable non-Latin text; HTML-sensitive characters are still escaped by the relaxed encoder's rules for JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileName => "feed.json";

    public string ArchiveSuffix => ".json";

    public string ContentType => "application/feed+json; charset=utf-8";

    public byte[] Format(FeedDocument document) => FeedBytes.Of(this, document);

    public void Format(FeedDocument document, Stream destination)
    {
        var links = FeedLinks.For(document, this);
        var feed = new JsonFeed
        {
            Title = FeedText.Clean(document.Title),
            HomePageUrl = FeedText.Url(document.SiteUrl),
            FeedUrl = links.Self,
            Description = string.IsNullOrWhiteSpace(document.Subtitle) ? null : FeedText.Clean(document.Subtitle),
            Icon = FeedText.IsAbsoluteHttp(document.IconUrl) ? FeedText.Url(document.IconUrl!) : null,
            Favicon = FeedText.IsAbsoluteHttp(document.IconUrl) ? FeedText.Url(document.IconUrl!) : null,
            Language = string.IsNullOrEmpty(document.Language) ? null : document.Language,
            NextUrl = links.PrevArchive,
            Hubs = document.HubUrl is not null && !document.IsArchive ? [new JsonHub("WebSub", FeedText.Url(document.HubUrl))] : null,
            Authors = [new JsonAuthor(FeedText.Clean(document.Title))],
            Archive = document.IsArchive || links.PrevArchive is not null
                ? new JsonArchive(document.IsArchive, links.Current, links.PrevArchive, links.NextArchive)
                : null,
            Items = [.. document.Entries.Select(Item)],
        };
        JsonSerializer.Serialize(destination, feed, SerializerOptions);
    }

    private static JsonItem Item(Entry entry) => new()
    {
        Id = FeedText.EntryUrn(entry.Id),
        Url = FeedText.IsAbsoluteHttp(entry.Url) ? FeedText.Url(entry.Url) : null,
        Title = FeedText.Clean(entry.Title),
        ContentHtml = FeedText.Clean(entry.Html),
        Summary = string.IsNullOrWhiteSpace(entry.Summary) ? null : FeedText.Clean(entry.Summary),
        Image = FeedText.IsAbsoluteHttp(entry.Image) ? FeedText.Url(entry.Image!) : null,
        DatePublished = RssFeedFormatter.Rfc3339(entry.Published),
        DateModified = RssFeedFormatter.Rfc3339(entry.Updated > entry.Published ? entry.Updated : entry.Published),
        Authors = string.IsNullOrWhiteSpace(entry.Author) ? null : [new JsonAuthor(FeedText.Clean(entry.Author))],
        Tags = entry.Tags.Count == 0 ? null : [.. entry.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(FeedText.Clean).Distinct(StringComparer.Ordinal)],
        Language = string.IsNullOrEmpty(entry.Language) ? null : entry.Language,
        Syndication = FeedText.Translations(entry) is { Count: > 0 } translations
            ? new JsonSyndication([.. translations.Select(t => new JsonTranslation(t.Language, t.Url))])
            : null,
    };

    private sealed record JsonFeed
    {
        [JsonPropertyName("version")] public string Version { get; } = "https://jsonfeed.org/version/1.1";
        [JsonPropertyName("title")] public required string Title { get; init; }
        [JsonPropertyName("home_page_url")] public string? HomePageUrl { get; init; }
        [JsonPropertyName("feed_url")] public string? FeedUrl { get; init; }
        [JsonPropertyName("description")] public string? Description { get; init; }
        [JsonPropertyName("icon")] public string? Icon { get; init; }
        [JsonPropertyName("favicon")] public string? Favicon { get; init; }
        [JsonPropertyName("language")] public string? Language { get; init; }
        [JsonPropertyName("next_url")] public string? NextUrl { get; init; }
        [JsonPropertyName("authors")] public IReadOnlyList<JsonAuthor>? Authors { get; init; }
        [JsonPropertyName("hubs")] public IReadOnlyList<JsonHub>? Hubs { get; init; }
        [JsonPropertyName("_archive")] public JsonArchive? Archive { get; init; }
        [JsonPropertyName("items")] public required IReadOnlyList<JsonItem> Items { get; init; }
    }

    private sealed record JsonItem
    {
        [JsonPropertyName("id")] public required string Id { get; init; }
        [JsonPropertyName("url")] public string? Url { get; init; }
        [JsonPropertyName("title")] public string? Title { get; init; }
        [JsonPropertyName("content_html")] public required string ContentHtml { get; init; }
        [JsonPropertyName("summary")] public string? Summary { get; init; }
        [JsonPropertyName("image")] public string? Image { get; init; }
        [JsonPropertyName("date_published")] public string? DatePublished { get; init; }
        [JsonPropertyName("date_modified")] public string? DateModified { get; init; }
        [JsonPropertyName("authors")] public IReadOnlyList<JsonAuthor>? Authors { get; init; }
        [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
        [JsonPropertyName("language")] public string? Language { get; init; }
        [JsonPropertyName("_syndication")] public JsonSyndication? Syndication { get; init; }
    }

    /// <summary>Our item extension (JSON Feed 1.1: keys starting with an underscore are extensions).</summary>
    private sealed record JsonSyndication([property: JsonPropertyName("translations")] IReadOnlyList<JsonTranslation> Translations);

    private sealed record JsonTranslation([property: JsonPropertyName("language")] string Language, [property: JsonPropertyName("url")] string Url);

    private sealed record JsonAuthor([property: JsonPropertyName("name")] string Name);

    private sealed record JsonHub([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("url")] string Url);

    /// <summary>RFC 5005 relations as a JSON Feed extension (underscore-prefixed keys are for extensions).</summary>
    private sealed record JsonArchive(
        [property: JsonPropertyName("archive")] bool IsArchive,
        [property: JsonPropertyName("current")] string Current,
        [property: JsonPropertyName("prev_archive")] string? PrevArchive,
        [property: JsonPropertyName("next_archive")] string? NextArchive);
}
