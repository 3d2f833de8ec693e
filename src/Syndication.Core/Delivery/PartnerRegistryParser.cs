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
        "id", "name", "url", "secret", "secretRef", "previousSecrets", "languages", "tags", "events", "summaryMaxChars", "enabled",
        "oneLanguagePerStory", "format",
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// Parses and validates; throws <see cref="PartnerRegistryException"/> listing every problem. References
    /// (<c>secretRef</c>, <c>{"secretRef": …}</c> in <c>previousSecrets</c>) are resolved with <paramref name="secrets"/>;
    /// without it, a registry that uses references is invalid.
    /// </summary>
    public static PartnerRegistry Parse(ReadOnlyMemory<byte> json, bool requireHttps, IPartnerSecrets? secrets = null)
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
                    var partner = ParsePartner(element, index, requireHttps, secrets, errors);
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

    private static Partner? ParsePartner(JsonElement element, int index, bool requireHttps, IPartnerSecrets? secrets, List<string> errors)
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
        var secretRef = OptionalString(element, "secretRef", Error);
        if (secret is not null && secretRef is not null)
        {
            Error("secretRef", "cannot stand beside 'secret': give one of them");
            secret = null;
        }
        else if (secretRef is not null)
        {
            secret = Resolve(secretRef, "secretRef", secrets, Error);
            if (secret is not null && WebhookSecret.Problem(secret) is { } refProblem)
            {
                Error("secretRef", $"names a secret that {refProblem}");
                secret = null;
            }
        }
        else if (WebhookSecret.Problem(secret) is { } secretProblem)
        {
            Error("secret", secretProblem);
        }

        var previous = PreviousSecrets(element, secrets, Error);

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

        var oneLanguagePerStory = false;
        if (element.TryGetProperty("oneLanguagePerStory", out var oneElement))
        {
            if (oneElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                oneLanguagePerStory = oneElement.GetBoolean();
            }
            else
            {
                Error("oneLanguagePerStory", $"must be true or false (got {oneElement.GetRawText()})");
            }
        }

        if (oneLanguagePerStory && languages.Count == 0)
        {
            Error("oneLanguagePerStory", "needs 'languages' to say which language comes first");
        }

        var format = PayloadFormat.Syndication;
        if (OptionalString(element, "format", Error) is { } formatText)
        {
            switch (formatText)
            {
                case "syndication":
                    break;
                case "ninjs":
                    format = PayloadFormat.Ninjs;
                    break;
                default:
                    Error("format", $"must be \"syndication\" or \"ninjs\" (got '{formatText}')");
                    break;
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
            OneLanguagePerStory = oneLanguagePerStory,
            Format = format,
        };
    }

    /// <summary>Literal secrets, or <c>{"secretRef": "name"}</c> objects resolved like <c>secretRef</c>.</summary>
    private static List<string> PreviousSecrets(JsonElement element, IPartnerSecrets? secrets, Action<string, string> error)
    {
        if (!element.TryGetProperty("previousSecrets", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            error("previousSecrets", $"must be an array of secrets or {{\"secretRef\": \"name\"}} objects (got {value.GetRawText()})");
            return [];
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"previousSecrets[{i++}]";
            string? old = null;
            if (item.ValueKind == JsonValueKind.String)
            {
                old = item.GetString();
            }
            else if (item.ValueKind == JsonValueKind.Object && item.EnumerateObject().Count() == 1
                && item.TryGetProperty("secretRef", out var reference) && reference.ValueKind == JsonValueKind.String)
            {
                old = Resolve(reference.GetString()!, field, secrets, error);
                if (old is null)
                {
                    continue;
                }
            }
            else
            {
                error(field, $"must be a secret or {{\"secretRef\": \"name\"}} (got {item.GetRawText()})");
                continue;
            }

            if (WebhookSecret.Problem(old) is { } problem)
            {
                error(field, problem);
                continue;
            }

            result.Add(old!);
        }

        return result;
    }

    private static string? Resolve(string reference, string field, IPartnerSecrets? secrets, Action<string, string> error)
    {
        if (reference.Length is 0 or > 100 || !reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            error(field, $"must name a secret with letters, digits, '-' and '_' only (got '{reference}')");
            return null;
        }

        var secret = secrets?.Find(reference);
        if (secret is null)
        {
            error(field, $"names '{reference}', but no secret is configured under PartnerSecrets:{reference} (environment variable PartnerSecrets__{reference}, or the Key Vault secret PartnerSecrets--{reference})");
        }

        return secret;
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
