namespace Syndication.Extraction.Html;

/// <summary>Everything a page says about itself outside the body, each field from its most trusted source.</summary>
internal sealed class PageMetadata
{
    public string? Headline { get; set; }
    public string? OgTitle { get; set; }
    public string? TitleTag { get; set; }
    public List<string> H1s { get; } = [];
    public string? SiteName { get; set; }

    /// <summary>Text of an h1 in the site header (the logo), a fallback for the site name.</summary>
    public string? LogoText { get; set; }

    /// <summary>Every name the page gives its site (og:site_name, publisher, the logo h1, the copyright line), none of them a headline.</summary>
    public List<string> SiteNames { get; } = [];
    public DateTimeOffset? Published { get; set; }
    public DateTimeOffset? Updated { get; set; }
    public string? Author { get; set; }
    public string? Language { get; set; }
    public string? Image { get; set; }
    public List<string> Tags { get; } = [];
    public string? Canonical { get; set; }
    public string? BaseHref { get; set; }
    public string? Description { get; set; }

    /// <summary>JSON-LD <c>articleBody</c>, whitespace-collapsed, when the page carries one.</summary>
    public string? ArticleBody { get; set; }
    public List<string> DateTexts { get; } = [];
    public List<string> Bylines { get; } = [];

    /// <summary>Short visible lines that hold only a date and/or a byline, in page order (see <see cref="DateLineFilter"/>).</summary>
    public List<string> DateLines { get; } = [];
    public List<(string Lang, string Href)> Alternates { get; } = [];

    /// <summary>Links of a CMS language switcher: <c>&lt;a hreflang&gt;</c>, or <c>&lt;a lang&gt;</c> inside a language menu.</summary>
    public List<(string Lang, string Href)> SwitcherLinks { get; } = [];
}
