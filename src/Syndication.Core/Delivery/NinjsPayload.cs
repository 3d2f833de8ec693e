using System.Globalization;
using System.Text.Json.Nodes;
using Syndication.Core.Articles;
using Syndication.Core.Entries;

namespace Syndication.Core.Delivery;

/// <summary>
/// An entry as an IPTC ninjs 3.1 news item, the webhook <c>data</c> of partners with <c>"format": "ninjs"</c>
/// (schema: <c>docs/schemas/ninjs-schema_3.1.json</c>; the mapping and its choices: <c>docs/partners.md</c>).
/// Properties without a value are left out: the schema types them strictly (no nulls).
/// </summary>
public static class NinjsPayload
{
    public const string SchemaUri = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#";

    /// <summary><c>altIds</c> role of our entry id (the <c>id</c> of the syndication format).</summary>
    public const string EntryIdRole = "syndication-entry";

    /// <summary><c>altIds</c> role of the story id, shared by every language version of one story.</summary>
    public const string StoryIdRole = "syndication-story";

    /// <summary>The news item of <paramref name="entry"/> with <paramref name="summary"/> (already cut to the partner's length).</summary>
    public static JsonObject Item(Entry entry, string summary, EntryChangeKind kind)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = new JsonObject
        {
            ["uri"] = EntryUrns.Entry(entry.Id),
            ["standard"] = new JsonObject { ["name"] = "ninjs", ["version"] = "3.1", ["schema"] = SchemaUri },
            ["type"] = "text",
            ["representationType"] = "full",
            ["version"] = entry.Version,
            ["firstCreated"] = Iso(entry.Published),
            ["versionCreated"] = Iso(entry.Updated > entry.Published ? entry.Updated : entry.Published),
            // A deletion is the same item withdrawn for good: ninjs says so with pubStatus, not with another shape.
            ["pubStatus"] = kind == EntryChangeKind.Deleted ? "canceled" : "usable",
        };
        if (!string.IsNullOrWhiteSpace(entry.Language))
        {
            item["language"] = entry.Language;
        }

        item["headlines"] = new JsonArray(new JsonObject { ["role"] = "main", ["contentType"] = "text/plain", ["value"] = entry.Title });
        if (!string.IsNullOrWhiteSpace(summary))
        {
            item["descriptions"] = new JsonArray(new JsonObject { ["role"] = "summary", ["contentType"] = "text/plain", ["value"] = summary });
        }

        item["bodies"] = new JsonArray(new JsonObject
        {
            ["role"] = "main",
            ["contentType"] = "text/html",
            ["charCount"] = entry.Text.Length,
            ["wordCount"] = entry.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
            ["value"] = entry.Html,
        });
        if (!string.IsNullOrWhiteSpace(entry.Author))
        {
            item["by"] = entry.Author;
        }

        var tags = entry.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            item["subjects"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["literal"] = t })]);
        }

        if (Link(entry.Url) is { } url)
        {
            item["renditions"] = new JsonArray(WebRendition(url));
        }

        var associations = Associations(entry);
        if (associations.Count > 0)
        {
            item["associations"] = associations;
        }

        var altIds = new JsonArray(new JsonObject { ["role"] = EntryIdRole, ["value"] = entry.Id });
        if (!string.IsNullOrWhiteSpace(entry.Story))
        {
            altIds.Add(new JsonObject { ["role"] = StoryIdRole, ["value"] = entry.Story });
        }

        item["altIds"] = altIds;
        return item;
    }

    /// <summary>The lead image (<c>featureimage</c>) and one <c>translation-&lt;lang&gt;</c> item per other language version.</summary>
    private static JsonArray Associations(Entry entry)
    {
        var associations = new JsonArray();
        if (Link(entry.Image) is { } image)
        {
            associations.Add(new JsonObject
            {
                ["name"] = "featureimage",
                ["rel"] = "featureimage",
                ["uri"] = image,
                ["type"] = "picture",
                ["renditions"] = new JsonArray(new JsonObject { ["name"] = "original", ["href"] = image }),
            });
        }

        var languages = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(entry.Language))
        {
            languages.Add(entry.Language.ToLowerInvariant());
        }

        foreach (var translation in entry.Translations)
        {
            var language = translation.Language?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(language) || Link(translation.Url) is not { } href || !languages.Add(language))
            {
                continue;
            }

            var association = new JsonObject
            {
                ["name"] = "translation-" + language,
                ["rel"] = "translation",
                // Our urn when we hold the translation (the uri its own webhooks carry), else the page itself.
                ["uri"] = translation.EntryId is { } id ? EntryUrns.Entry(id) : href,
                ["type"] = "text",
                ["language"] = language,
                ["renditions"] = new JsonArray(WebRendition(href)),
            };
            if (translation.EntryId is { } entryId)
            {
                association["altIds"] = new JsonArray(new JsonObject { ["role"] = EntryIdRole, ["value"] = entryId });
            }

            associations.Add(association);
        }

        return associations;
    }

    private static JsonObject WebRendition(string href) => new() { ["name"] = "web", ["href"] = href, ["contentType"] = "text/html" };

    /// <summary>An outbound link in its percent-encoded ASCII form (JSON Schema's <c>uri</c> format refuses raw IRIs), or null.</summary>
    private static string? Link(string? url) =>
        OutboundUrl.OrNull(url) is { } allowed ? new Uri(allowed, UriKind.Absolute).AbsoluteUri : null;

    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
