using Syndication.Core.Entries;

namespace Syndication.Core.Delivery;

/// <summary>A partner institute from <c>config/partners.json</c>: where to send which articles and how to sign them.</summary>
public sealed record Partner
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Uri Url { get; init; }

    /// <summary><c>whsec_</c> + base64 key that signs every webhook.</summary>
    public required string Secret { get; init; }

    /// <summary>Older secrets still signed with during a rotation, so the partner can switch keys without missing a message.</summary>
    public IReadOnlyList<string> PreviousSecrets { get; init; } = [];

    /// <summary>Empty = every language.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Empty = every tag (and untagged articles).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Event types to send; empty = all.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>Summary length for this partner; null = the stored summary.</summary>
    public int? SummaryMaxChars { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Send each story once, in the first of <see cref="Languages"/> that exists (config <c>oneLanguagePerStory</c>).</summary>
    public bool OneLanguagePerStory { get; init; }

    /// <summary>Shape of the webhook's <c>data</c> (config <c>format</c>: <c>syndication</c> or <c>ninjs</c>).</summary>
    public PayloadFormat Format { get; init; } = PayloadFormat.Syndication;

    /// <summary>Current secret first, then previous ones.</summary>
    public IReadOnlyList<string> SigningSecrets => [Secret, .. PreviousSecrets];

    /// <summary>Whether this partner subscribed to the change (event type, language and tag filters).</summary>
    public bool Wants(EntryChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Events.Count > 0 && !Events.Contains(change.EventType, StringComparer.Ordinal))
        {
            return false;
        }

        var entry = change.Entry;
        if (Languages.Count > 0 && LanguageRank(entry.Language) < 0)
        {
            return false;
        }

        return WantsTags(entry);
    }

    /// <summary>Where <paramref name="language"/> stands in <see cref="Languages"/> (0 = most preferred); -1 when not listed.</summary>
    public int LanguageRank(string? language)
    {
        for (var i = 0; language is not null && i < Languages.Count; i++)
        {
            if (string.Equals(Languages[i], language, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the entry passes the tag filter.</summary>
    public bool WantsTags(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Tags.Count == 0 || entry.Tags.Any(t => Tags.Any(wanted => TagNames.Same(wanted, t)));
    }
}

/// <summary>The partner registry as loaded and validated.</summary>
public sealed record PartnerRegistry(IReadOnlyList<Partner> Partners)
{
    public static PartnerRegistry Empty { get; } = new([]);

    public Partner? Find(string id) => Partners.FirstOrDefault(p => p.Id == id);
}

/// <summary>The registry is invalid; the message names each partner and field at fault.</summary>
public sealed class PartnerRegistryException : Exception
{
    public PartnerRegistryException() { }
    public PartnerRegistryException(string message) : base(message) { }
    public PartnerRegistryException(string message, Exception innerException) : base(message, innerException) { }

    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>
/// A partner added by the host rather than the registry (the CLI's demo partner); merged into the registry and
/// winning over a registry partner of the same id.
/// </summary>
public sealed record AdditionalPartner(Partner Partner);
