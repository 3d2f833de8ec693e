using System.Globalization;
using System.ServiceModel.Syndication;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>
/// RSS 2.0 through <see cref="Rss20FeedFormatter"/>, without its Atom extensions (they come out under an
/// <c>a10</c> prefix and draw validator warnings). Atom links are written as <c>atom:link</c>, the author as
/// <c>dc:creator</c> (RSS <c>author</c> must be an e-mail), full content as <c>content:encoded</c>, the lead
/// image as <c>media:content</c>.
/// </summary>
public sealed class RssFeedFormatter : IFeedFormatter
{
    public string FileName => "rss.xml";

    public string ArchiveSuffix => ".rss.xml";

    public string ContentType => "application/rss+xml; charset=utf-8";

    public byte[] Format(FeedDocument document) => FeedBytes.Of(this, document);

    public void Format(FeedDocument document, Stream destination)
    {
        var links = FeedLinks.For(document, this);
        var feed = new ExtensionFeed
        {
            Title = new TextSyndicationContent(FeedText.Clean(document.Title)),
            Description = new TextSyndicationContent(FeedText.Clean(document.Subtitle ?? document.Title)),
            Language = document.Language,
            Generator = FeedText.Generator,
        };
        XmlFeedWriting.DeclareNamespace(feed, "atom", FeedText.AtomNamespace);
        XmlFeedWriting.DeclareNamespace(feed, "content", FeedText.ContentNamespace);
        XmlFeedWriting.DeclareNamespace(feed, "dc", FeedText.DublinCoreNamespace);
        XmlFeedWriting.DeclareNamespace(feed, "dcterms", FeedText.DcTermsNamespace);
        XmlFeedWriting.DeclareNamespace(feed, "media", FeedText.MediaNamespace);
        if (document.IsArchive)
        {
            XmlFeedWriting.DeclareNamespace(feed, "fh", FeedText.HistoryNamespace);
        }

        // The site link first: readers take the first (RSS <link>) as the site.
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(document.SiteUrl)));
        if (XmlFeedWriting.AbsoluteUri(document.IconUrl) is { } icon)
        {
            feed.ImageUrl = icon;
        }

        feed.Extensions.Add(new ExtensionElement("", "lastBuildDate", "", Rfc822(document.Updated)));
        AddAtomLink(feed, "self", links.Self, "application/rss+xml");
        if (document.HubUrl is not null && !document.IsArchive)
        {
            AddAtomLink(feed, "hub", FeedText.Url(document.HubUrl), null);
        }

        if (document.IsArchive)
        {
            feed.Extensions.Add(new ExtensionElement("fh", "archive", FeedText.HistoryNamespace, null));
            AddAtomLink(feed, "current", links.Current, "application/rss+xml");
        }

        if (links.PrevArchive is not null)
        {
            AddAtomLink(feed, "prev-archive", links.PrevArchive, "application/rss+xml");
        }

        if (links.NextArchive is not null)
        {
            AddAtomLink(feed, "next-archive", links.NextArchive, "application/rss+xml");
        }

        feed.Items = [.. document.Entries.Select(Item)];
        XmlFeedWriting.Write(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false), destination);
    }

    private static ExtensionItem Item(Entry entry)
    {
        var url = XmlFeedWriting.AbsoluteUri(entry.Url);
        var item = new ExtensionItem
        {
            Title = new TextSyndicationContent(FeedText.Clean(entry.Title)),
            // isPermaLink="true" only when the guid is the article URL; ours is a stable urn, so it is false.
            Id = FeedText.EntryUrn(entry.Id),
        };
        // Written by hand: the formatter writes UTC as "Z", which validators flag; "+0000" is unambiguous.
        item.Extensions.Add(new ExtensionElement("", "pubDate", "", Rfc822(entry.Published)));
        if (url is not null)
        {
            item.Links.Add(SyndicationLink.CreateAlternateLink(url));
        }

        foreach (var translation in FeedText.Translations(entry))
        {
            // The same story in another language, as Atom says it (RSS has no element for it).
            item.Extensions.Add(new ExtensionElement("atom", "link", FeedText.AtomNamespace, null,
                new("rel", "alternate"), new("type", "text/html"), new("hreflang", translation.Language), new("href", translation.Url)));
        }

        if (!string.IsNullOrWhiteSpace(entry.Summary))
        {
            item.Summary = new TextSyndicationContent(FeedText.Clean(entry.Summary));
        }

        foreach (var tag in entry.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            item.Categories.Add(new SyndicationCategory(FeedText.Clean(tag)));
        }

        if (!string.IsNullOrWhiteSpace(entry.Author))
        {
            item.Extensions.Add(new ExtensionElement("dc", "creator", FeedText.DublinCoreNamespace, FeedText.Clean(entry.Author)));
        }

        if (!string.IsNullOrEmpty(entry.Language))
        {
            item.Extensions.Add(new ExtensionElement("dc", "language", FeedText.DublinCoreNamespace, entry.Language));
        }

        item.Extensions.Add(new ExtensionElement("dcterms", "modified", FeedText.DcTermsNamespace, Rfc3339(entry.Updated)));
        if (!string.IsNullOrWhiteSpace(entry.Html))
        {
            item.Extensions.Add(new ExtensionElement("content", "encoded", FeedText.ContentNamespace, FeedText.Clean(entry.Html)));
        }

        if (XmlFeedWriting.AbsoluteUri(entry.Image) is { } image)
        {
            KeyValuePair<string, string>[] attributes = FeedText.ImageType(image.AbsoluteUri) is { } type
                ? [new("url", image.AbsoluteUri), new("medium", "image"), new("type", type)]
                : [new("url", image.AbsoluteUri), new("medium", "image")];
            item.Extensions.Add(new ExtensionElement("media", "content", FeedText.MediaNamespace, null, attributes));
        }

        return item;
    }

    private static void AddAtomLink(ExtensionFeed feed, string rel, string href, string? type) =>
        feed.Extensions.Add(type is null
            ? new ExtensionElement("atom", "link", FeedText.AtomNamespace, null, new("href", href), new("rel", rel))
            : new ExtensionElement("atom", "link", FeedText.AtomNamespace, null, new("href", href), new("rel", rel), new("type", type)));

    /// <summary>RFC 822 with a numeric zone and four-digit year, in UTC ("Mon, 11 Nov 2024 10:20:00 +0000").</summary>
    internal static string Rfc822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    internal static string Rfc3339(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
