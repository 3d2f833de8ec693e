using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Syndication.Core;

/// <summary>Configuration section <c>Feeds</c>: where feeds live and how big a head feed is.</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>Absolute base of feed and article links.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>WebSub hub to advertise and ping; none by default.</summary>
    public Uri? HubUrl { get; set; }

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
