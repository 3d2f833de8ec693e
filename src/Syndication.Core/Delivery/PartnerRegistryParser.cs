using System.Text.Json;
using Syndication.Core.Entries;

namespace Syndication.Core.Delivery;

/// <summary>
/// Reads <c>config/partners.json</c> strictly: every problem (unknown field, bad URL, malformed secret, wrong type)
/// is reported with the partner and field it concerns, all at once, so an operator fixes the file in one go.
/// </summary>
public static class PartnerRegistryParser
{
    public const string Path = "config/partners.json";

    public static IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "article.published", "article.updated", "article.deleted",
    };

    private static readonly HashSet<string> PartnerFields = new(StringComparer.Ordinal)
    {
        "id", "name", "url", "secret", "previousSecrets", "languages", "tags", "events", "summaryMaxChars", "enabled",
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses and validates; throws <see cref="PartnerRegistryException"/> listing every problem.</summary>
    public static PartnerRegistry Parse(ReadOnlyMemory<byte> json, bool requireHttps)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw Fail([$"{Path} is not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail([$"{Path} must be an object with a \"partners\" array."]);
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name != "partners"))
            {
                errors.Add($"{Path}: unknown field '{property.Name}' (only \"partners\" is allowed at the top level).");
            }

            var partners = new List<Partner>();
            if (!root.TryGetProperty("partners", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{Path}: field 'partners' must be an array.");
            }
            else
            {
                var index = 0;
                foreach (var element in list.EnumerateArray())
                {
                    index++;
                    var partner = ParsePartner(element, index, requireHttps, errors);
                    if (partner is not null)
                    {
                        partners.Add(partner);
                    }
                }
            }

            foreach (var duplicate in partners.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                errors.Add($"partner '{duplicate.Key}': field 'id' is used by {duplicate.Count()} partners; ids must be unique.");
            }

            return errors.Count > 0 ? throw Fail(errors) : new PartnerRegistry(partners);
        }
    }

    private static Partner? ParsePartner(JsonElement element, int index, bool requireHttps, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"partner #{index}: must be an object.");
            return null;
        }

        var idText = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var who = string.IsNullOrEmpty(idText) ? $"partner #{index}" : $"partner '{idText}'";
        var before = errors.Count;
        void Error(string field, string problem) => errors.Add($"{who}: field '{field}' {problem}.");

        foreach (var property in element.EnumerateObject().Where(p => !PartnerFields.Contains(p.Name)))
        {
            errors.Add($"{who}: unknown field '{property.Name}' (allowed: {string.Join(", ", PartnerFields)}).");
        }

        if (string.IsNullOrEmpty(idText) || EntryIds.Slug(idText, 64) != idText)
        {
            Error("id", "is required and must be lower-case letters, digits and dashes (e.g. \"eurasian-policy\")");
        }

        var name = OptionalString(element, "name", Error) ?? idText ?? "";
        var urlText = OptionalString(element, "url", Error);
        Uri? url = null;
        if (urlText is null || !Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            Error("url", $"must be an absolute https URL (got {(urlText is null ? "nothing" : $"'{urlText}'")})");
            url = null;
        }
        else if (!string.IsNullOrEmpty(url.UserInfo))
        {
            Error("url", "must not carry a user name or password");
        }
        else if (requireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            Error("url", $"must use https (got '{urlText}'); set Delivery:RequireHttps=false to allow http");
        }

        var secret = OptionalString(element, "secret", Error);
        if (WebhookSecret.Problem(secret) is { } secretProblem)
        {
            Error("secret", secretProblem);
        }

        var previous = StringList(element, "previousSecrets", Error);
        foreach (var (old, i) in previous.Select((s, i) => (s, i)))
        {
            if (WebhookSecret.Problem(old) is { } problem)
            {
                Error($"previousSecrets[{i}]", problem);
            }
        }

        var languages = StringList(element, "languages", Error);
        var tags = StringList(element, "tags", Error);
        var events = StringList(element, "events", Error);
        foreach (var unknown in events.Where(e => !EventTypes.Contains(e)))
        {
            Error("events", $"has unknown event type '{unknown}' (allowed: {string.Join(", ", EventTypes)})");
        }

        int? summaryMaxChars = null;
        if (element.TryGetProperty("summaryMaxChars", out var max) && max.ValueKind != JsonValueKind.Null)
        {
            if (max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var value) && value is >= 20 and <= 100_000)
            {
                summaryMaxChars = value;
            }
            else
            {
                Error("summaryMaxChars", $"must be a whole number from 20 to 100000 (got {max.GetRawText()})");
            }
        }

        var enabled = true;
        if (element.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = enabledElement.GetBoolean();
            }
            else
            {
                Error("enabled", $"must be true or false (got {enabledElement.GetRawText()})");
            }
        }

        if (errors.Count > before || url is null || secret is null || idText is null)
        {
            return null;
        }

        return new Partner
        {
            Id = idText,
            Name = name,
            Url = url,
            Secret = secret,
            PreviousSecrets = previous,
            Languages = languages,
            Tags = tags,
            Events = events,
            SummaryMaxChars = summaryMaxChars,
            Enabled = enabled,
        };
    }

    private static string? OptionalString(JsonElement element, string field, Action<string, string> error)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error(field, $"must be a string (got {value.GetRawText()})");
            return null;
        }

        return value.GetString();
    }

    private static List<string> StringList(JsonElement element, string field, Action<string, string> error)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
        {
            error(field, $"must be an array of non-empty strings (got {value.GetRawText()})");
            return [];
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static PartnerRegistryException Fail(IReadOnlyList<string> errors) =>
        new($"The partner registry is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}") { Errors = errors };
}
