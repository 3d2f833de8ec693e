using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Syndication.Core;

/// <summary>Configuration section <c>Feeds</c>: where feeds live and how big a head feed is.</summary>
public sealed class FeedsOptions : IValidatableObject
{
    public const string SectionName = "Feeds";

    /// <summary>Absolute base of feed links (<c>{BaseUrl}/feeds/rss.xml</c>), and of article links unless <see cref="ArticleBaseUrl"/> is set.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>
    /// Absolute base of the article pages (<c>{ArticleBaseUrl}/articles/{id}</c>) of entries without a canonical URL;
    /// default <see cref="BaseUrl"/>. In Azure with public blob feeds the feeds live in storage but the pages are
    /// served by the Function App.
    /// </summary>
    public Uri? ArticleBaseUrl { get; set; }

    /// <summary>
    /// The home page every feed links to (RSS channel link, Atom alternate, JSON Feed home_page_url); default
    /// <c>{BaseUrl}/</c>. In Azure <c>{BaseUrl}/</c> is no page, so infra sets the publisher's site or the feed index.
    /// </summary>
    public Uri? HomePageUrl { get; set; }

    /// <summary>
    /// WebSub hub to advertise. Unset: the built-in hub (<see cref="BuiltInHubUrl"/>). An absolute URL: that
    /// external hub, which is also pinged after every change. <c>none</c>: no hub at all.
    /// </summary>
    public Uri? HubUrl { get; set; }

    /// <summary>
    /// Public URL of the built-in hub, set by the host (<c>run</c>: <c>&lt;run URL&gt;/hub</c>; the Function App:
    /// <c>https://&lt;app&gt;/api/hub</c>). Unset: <c>&lt;BaseUrl&gt;/hub</c>.
    /// </summary>
    public Uri? BuiltInHubUrl { get; set; }

    /// <summary>
    /// The institute's website, against which relative canonical URLs of articles are resolved. Unset: an article
    /// with a relative canonical URL links to its page on this host (<c>/articles/{id}</c>).
    /// </summary>
    public Uri? SiteUrl { get; set; }

    /// <summary>Whether <see cref="HubUrl"/> is the word <c>none</c>: advertise no hub.</summary>
    public bool HubDisabled => HubUrl is { IsAbsoluteUri: false } hub && string.Equals(hub.OriginalString.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>The external hub to ping, or null when the built-in hub (or none) is used.</summary>
    public Uri? ExternalHubUrl => HubUrl is { IsAbsoluteUri: true } hub ? hub : null;

    /// <summary>Whether feeds advertise the built-in hub (so it distributes changes).</summary>
    public bool UsesBuiltInHub => HubUrl is null;

    /// <summary>The hub the feeds advertise: the external one, the built-in one, or null for <c>none</c>.</summary>
    public Uri? AdvertisedHubUrl => HubDisabled ? null : ExternalHubUrl ?? BuiltInHubUrl ?? new Uri(Base + "/hub");

    /// <summary>Entries in a head feed before older ones move to archive pages.</summary>
    [Range(1, 10_000)]
    public int HeadSize { get; set; } = 50;

    /// <summary>Site title shown by feed readers.</summary>
    [Required]
    public string Title { get; set; } = "Syndication";

    /// <summary>Site description (feed subtitle).</summary>
    public string Description { get; set; } = "News and analysis";

    /// <summary>Feed icon URL.</summary>
    public Uri? IconUrl { get; set; }

    /// <summary>Base URL with no trailing slash, for joining paths.</summary>
    public string Base => BaseUrl.ToString().TrimEnd('/');

    /// <summary>Article page base with no trailing slash.</summary>
    public string ArticleBase => (ArticleBaseUrl ?? BaseUrl).ToString().TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HubUrl is { IsAbsoluteUri: false } && !HubDisabled)
        {
            yield return new ValidationResult($"Feeds:HubUrl must be an absolute http(s) URL or 'none', not '{HubUrl.OriginalString}'.", [nameof(HubUrl)]);
        }

        foreach (var (name, url) in new[] { (nameof(BuiltInHubUrl), BuiltInHubUrl), (nameof(SiteUrl), SiteUrl), (nameof(ArticleBaseUrl), ArticleBaseUrl), (nameof(HomePageUrl), HomePageUrl) })
        {
            if (url is not null && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                yield return new ValidationResult($"Feeds:{name} must be an absolute http(s) URL, not '{url.OriginalString}'.", [name]);
            }
        }
    }
}

/// <summary>
/// Checks <see cref="IngestOptions"/> against its attributes with code generated at build time: short commands such as
/// <c>extract</c> validate it without the reflection-based DataAnnotations validator's start-up cost.
/// </summary>
[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>;

/// <summary>Configuration section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Uploads larger than this are quarantined rather than parsed.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxArticleBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Length of the stored default summary.</summary>
    [Range(50, 100_000)]
    public int SummaryMaxChars { get; set; } = 600;

    /// <summary>Longest body kept, in characters, for the plain text and for the HTML alike, whatever the format.</summary>
    [Range(1_000, 50_000_000)]
    public int MaxBodyChars { get; set; } = 200_000;

    /// <summary>Tags kept per article (the first ones); each tag gets feeds of its own.</summary>
    [Range(0, 1_000)]
    public int MaxTags { get; set; } = 20;

    /// <summary>Longest tag kept, in characters; longer ones are cut.</summary>
    [Range(1, 1_000)]
    public int MaxTagLength { get; set; } = 60;

    /// <summary>
    /// Feed sets one article may belong to (site-wide and language count): tags beyond what fits are dropped
    /// (and said in the entry's limits), so one upload cannot create hundreds of feeds.
    /// </summary>
    [Range(2, 1_002)]
    public int MaxFeedScopesPerArticle { get; set; } = 22;
}
