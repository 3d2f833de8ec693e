using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Syndication.Core.Articles;
using Syndication.Core.Entries;

namespace Syndication.Core.Delivery;

/// <summary>
/// Builds webhook bodies in the shape of ARCHITECTURE.md (<c>type</c>, <c>timestamp</c>, <c>data</c>); <c>data</c> is our
/// article object, or an IPTC ninjs 3.1 news item for partners with <c>"format": "ninjs"</c> (<see cref="NinjsPayload"/>).
/// </summary>
public sealed class WebhookPayload(IEnumerable<ISummarizer> summarizers)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly ISummarizer? _summarizer = summarizers.FirstOrDefault();

    /// <summary>The signed body; URLs that are not absolute http(s) go out as null, whatever an entry holds.</summary>
    public string Build(EntryChange change, Partner partner, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(partner);
        var entry = change.Entry;
        if (partner.Format == PayloadFormat.Ninjs)
        {
            var item = NinjsPayload.Item(entry, Summary(entry, partner.SummaryMaxChars), change.Kind);
            return JsonSerializer.Serialize(new NinjsBody(change.EventType, Iso(timestamp), item), JsonOptions);
        }

        var body = new Body(change.EventType, Iso(timestamp), new Data(
            entry.Id, OutboundUrl.OrNull(entry.Url), entry.Title, Summary(entry, partner.SummaryMaxChars), entry.Language,
            Iso(entry.Published), Iso(entry.Updated), entry.Author, entry.Tags, OutboundUrl.OrNull(entry.Image),
            entry.Story, [.. entry.Translations.Where(t => OutboundUrl.OrNull(t.Url) is not null).Select(t => new Translation(t.Language, t.Url))]));
        return JsonSerializer.Serialize(body, JsonOptions);
    }

    /// <summary>The body of a <c>ping</c> sent by <c>partners test</c>.</summary>
    public static string Ping(Partner partner, DateTimeOffset timestamp) =>
        JsonSerializer.Serialize(new { type = "ping", timestamp = Iso(timestamp), data = new { partner = partner.Id, name = partner.Name } }, JsonOptions);

    private string Summary(Entry entry, int? maxChars)
    {
        if (maxChars is not { } max || entry.Summary.Length <= max)
        {
            return entry.Summary;
        }

        if (_summarizer is not null)
        {
            return _summarizer.Summarize(new ExtractedArticle
            {
                Title = entry.Title,
                Text = entry.Text,
                Html = entry.Html,
                Summary = entry.Summary,
                Language = entry.Language,
                Author = entry.Author,
                Tags = entry.Tags,
            }, max);
        }

        // No summarizer registered (a host without extraction): cut at the last word boundary.
        var cut = entry.Summary[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }

    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Body(string Type, string Timestamp, Data Data);

    private sealed record NinjsBody(string Type, string Timestamp, System.Text.Json.Nodes.JsonObject Data);

    /// <param name="Story">The story the article is one language version of (shared by its translations); null for articles stored before stories.</param>
    /// <param name="Translations">The story's other language versions; empty when there are none.</param>
    private sealed record Data(string Id, string? Url, string Title, string Summary, string? Language, string Published, string Updated, string? Author, IReadOnlyList<string> Tags, string? Image, string? Story, IReadOnlyList<Translation> Translations);

    private sealed record Translation(string Language, string Url);
}
