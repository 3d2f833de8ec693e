using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>Atom 1.0 (RFC 4287) through <see cref="Atom10FeedFormatter"/>, with RFC 5005 archive links.</summary>
public sealed class AtomFeedFormatter : IFeedFormatter
{
    private const string AtomType = "application/atom+xml";
    private static readonly XNamespace Atom = FeedText.AtomNamespace;
    private static readonly XNamespace History = FeedText.HistoryNamespace;
    private static readonly XmlQualifiedName XmlLang = new("lang", "http://www.w3.org/XML/1998/namespace");
    private static readonly XmlQualifiedName HrefLang = new("hreflang", "");

    public string FileName => "atom.xml";

    public string ArchiveSuffix => ".atom.xml";

    public string ContentType => "application/atom+xml; charset=utf-8";

    public byte[] Format(FeedDocument document) => FeedBytes.Of(this, document);

    public void Format(FeedDocument document, Stream destination)
    {
        var links = FeedLinks.For(document, this);
        var feed = new SyndicationFeed
        {
            Id = FeedText.FeedUrn(document.Scope.Path),
            Title = new TextSyndicationContent(FeedText.Clean(document.Title)),
            LastUpdatedTime = document.Updated.ToUniversalTime(),
            Generator = FeedText.Generator,
        };
        if (!string.IsNullOrWhiteSpace(document.Subtitle))
        {
            feed.Description = new TextSyndicationContent(FeedText.Clean(document.Subtitle));
        }

        if (!string.IsNullOrEmpty(document.Language))
        {
            feed.Language = document.Language;
        }

        if (document.IsArchive)
        {
            XmlFeedWriting.DeclareNamespace(feed, "fh", FeedText.HistoryNamespace);
        }

        // Atom needs an author on the feed or on every entry; the site stands in for entries without one.
        feed.Authors.Add(new SyndicationPerson { Name = FeedText.Clean(document.Title) });

        // The site link first: some readers take the first link as the site.
        feed.Links.Add(new SyndicationLink(new Uri(document.SiteUrl), "alternate", null, "text/html", 0));
        feed.Links.Add(new SyndicationLink(new Uri(links.Self), "self", null, AtomType, 0));
        if (document.HubUrl is not null && !document.IsArchive)
        {
            feed.Links.Add(new SyndicationLink(new Uri(document.HubUrl), "hub", null, null, 0));
        }

        if (document.IsArchive)
        {
            feed.Links.Add(new SyndicationLink(new Uri(links.Current), "current", null, AtomType, 0));
        }

        if (links.PrevArchive is not null)
        {
            feed.Links.Add(new SyndicationLink(new Uri(links.PrevArchive), "prev-archive", null, AtomType, 0));
        }

        if (links.NextArchive is not null)
        {
            feed.Links.Add(new SyndicationLink(new Uri(links.NextArchive), "next-archive", null, AtomType, 0));
        }

        if (XmlFeedWriting.AbsoluteUri(document.IconUrl) is { } icon)
        {
            // Atom is the default namespace here: no prefix wanted.
            feed.ElementExtensions.Add(new SyndicationElementExtension(new XElement(Atom + "icon", icon.AbsoluteUri).CreateReader()));
        }

        if (document.IsArchive)
        {
            feed.ElementExtensions.Add(XmlFeedWriting.Extension(new XElement(History + "archive")));
        }

        feed.Items = [.. document.Entries.Select(Item)];
        // The feed's updated comes first, then each entry's, in the order they are written.
        XmlFeedWriting.Write(new Atom10FeedFormatter(feed), destination, [feed.LastUpdatedTime, .. feed.Items.Select(i => i.LastUpdatedTime)]);
    }

    private static SyndicationItem Item(Entry entry)
    {
        var item = new SyndicationItem
        {
            Id = FeedText.EntryUrn(entry.Id),
            Title = new TextSyndicationContent(FeedText.Clean(entry.Title)),
            PublishDate = entry.Published.ToUniversalTime(),
            LastUpdatedTime = Max(entry.Updated, entry.Published).ToUniversalTime(),
        };
        if (!string.IsNullOrEmpty(entry.Language))
        {
            item.AttributeExtensions[XmlLang] = entry.Language;
        }

        if (XmlFeedWriting.AbsoluteUri(entry.Url) is { } url)
        {
            item.Links.Add(new SyndicationLink(url, "alternate", null, "text/html", 0));
        }

        foreach (var translation in FeedText.Translations(entry))
        {
            // RFC 4287 4.2.7.4: the same story in another language; one alternate per type and hreflang.
            var link = new SyndicationLink(new Uri(translation.Url), "alternate", null, "text/html", 0);
            link.AttributeExtensions[HrefLang] = translation.Language;
            item.Links.Add(link);
        }

        if (XmlFeedWriting.AbsoluteUri(entry.Image) is { } image)
        {
            item.Links.Add(new SyndicationLink(image, "enclosure", null, FeedText.ImageType(image.AbsoluteUri), 0));
        }

        if (!string.IsNullOrWhiteSpace(entry.Author))
        {
            item.Authors.Add(new SyndicationPerson { Name = FeedText.Clean(entry.Author) });
        }

        foreach (var tag in entry.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            item.Categories.Add(new SyndicationCategory(FeedText.Clean(tag)));
        }

        if (!string.IsNullOrWhiteSpace(entry.Summary))
        {
            item.Summary = new TextSyndicationContent(FeedText.Clean(entry.Summary));
        }

        if (!string.IsNullOrWhiteSpace(entry.Html))
        {
            item.Content = SyndicationContent.CreateHtmlContent(FeedText.Clean(entry.Html));
        }

        return item;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
