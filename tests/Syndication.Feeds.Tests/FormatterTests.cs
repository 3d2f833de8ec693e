using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using Syndication.Core.Publishing;

namespace Syndication.Feeds.Tests;

public class FormatterTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public void Atom_EntriesUpdatedWithinOneSecond_KeepDistinctFractionalUpdated()
    {
        var midnight = new DateTimeOffset(2024, 11, 11, 0, 0, 0, TimeSpan.Zero);
        var ingested = new DateTimeOffset(2024, 11, 30, 19, 15, 57, TimeSpan.Zero);
        var entries = new[]
        {
            SampleFeeds.Entry("date-only-a") with { Published = midnight, Updated = ingested.AddMilliseconds(412) },
            SampleFeeds.Entry("date-only-b") with { Published = midnight, Updated = ingested.AddMilliseconds(87) },
            SampleFeeds.Entry("whole-second") with { Published = midnight, Updated = ingested.AddSeconds(-5) },
        };

        var doc = XDocument.Parse(Encoding.UTF8.GetString(new AtomFeedFormatter().Format(SampleFeeds.Document(entries))));

        var updated = doc.Root!.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "updated")!).ToList();
        Assert.Equal(["2024-11-30T19:15:57.412Z", "2024-11-30T19:15:57.087Z", "2024-11-30T19:15:52Z"], updated);
        Assert.Equal("2024-11-11T10:20:00Z", (string)doc.Root!.Element(Atom + "updated")!);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void Format_InternationalEntries_RoundTripThroughFeedReader(string format)
    {
        var entries = SampleFeeds.International();
        IFeedFormatter formatter = format == "rss" ? new RssFeedFormatter() : new AtomFeedFormatter();
        var xml = Encoding.UTF8.GetString(formatter.Format(SampleFeeds.Document(entries)));

        var feed = FeedReader.ReadFromString(xml);

        Assert.Equal(entries.Count, feed.Items.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var expected = entries[i];
            var item = feed.Items[i];
            Assert.True(expected.Title == item.Title, $"{format} item {i}: title '{item.Title}' != '{expected.Title}'");
            Assert.Equal(expected.Url, item.Link);
            Assert.Equal(FeedText.EntryUrn(expected.Id), item.Id);
            Assert.Equal(expected.Published, item.PublishingDate!.Value.ToUniversalTime());
            Assert.Equal(expected.Tags, item.Categories);
            // RSS carries the author as dc:creator (its own <author> must be an e-mail address).
            var author = item.SpecificItem is CodeHollow.FeedReader.Feeds.Rss20FeedItem rss ? rss.DC?.Creator : item.Author;
            Assert.Equal(expected.Author ?? "", author ?? "");
            // FeedReader HTML-decodes content once; compare both sides decoded.
            var html = expected.Html.Replace("\u0001", "", StringComparison.Ordinal);
            Assert.Equal(System.Net.WebUtility.HtmlDecode(html), System.Net.WebUtility.HtmlDecode(item.Content));
        }
    }

    [Fact]
    public void RssFormat_Always_AvoidsA10PrefixAndEmailAuthors()
    {
        var xml = Encoding.UTF8.GetString(new RssFeedFormatter().Format(SampleFeeds.Document(SampleFeeds.International())));

        Assert.DoesNotContain("a10", xml, StringComparison.Ordinal);
        var doc = XDocument.Parse(xml);
        Assert.Empty(doc.Descendants("author"));
        Assert.Empty(doc.Descendants(Atom + "content"));
        Assert.Empty(doc.Descendants(Atom + "author"));
        Assert.Contains("xmlns:atom=\"http://www.w3.org/2005/Atom\"", xml, StringComparison.Ordinal);
        Assert.Equal(["Әйгерім Бекова", "Иван Петров", "김민준"], doc.Descendants(XName.Get("creator", "http://purl.org/dc/elements/1.1/")).Select(e => e.Value));
    }

    [Fact]
    public void RssFormat_Dates_AreRfc822WithNumericZone()
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(new RssFeedFormatter().Format(SampleFeeds.Document(SampleFeeds.International()))));
        var rfc822 = new Regex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$");

        var dates = doc.Descendants("pubDate").Concat(doc.Descendants("lastBuildDate")).Select(e => e.Value).ToList();

        Assert.Equal(5, dates.Count);
        Assert.All(dates, d => Assert.True(rfc822.IsMatch(d), $"'{d}' is not an RFC 822 date with a numeric zone"));
        Assert.Equal("Mon, 11 Nov 2024 10:20:00 +0000", dates[0]);
    }

    [Fact]
    public void AtomFormat_Dates_AreRfc3339InUtc()
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(new AtomFeedFormatter().Format(SampleFeeds.Document(SampleFeeds.International()))));
        var rfc3339 = new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");

        var dates = doc.Descendants(Atom + "updated").Concat(doc.Descendants(Atom + "published")).Select(e => e.Value).ToList();

        Assert.Equal(9, dates.Count);
        Assert.All(dates, d => Assert.True(rfc3339.IsMatch(d), $"'{d}' is not an RFC 3339 UTC date"));
    }

    [Fact]
    public void AtomFormat_Entry_HasHtmlContentEnclosureLanguageAndNameOnlyAuthor()
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(new AtomFeedFormatter().Format(SampleFeeds.Document(SampleFeeds.International()))));
        var first = doc.Root!.Elements(Atom + "entry").First();

        Assert.Equal("html", first.Element(Atom + "content")!.Attribute("type")!.Value);
        Assert.Equal("kk", first.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.Equal("https://news.example/img/kk.jpg", first.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "enclosure").Attribute("href")!.Value);
        var author = first.Element(Atom + "author")!;
        Assert.Equal("Әйгерім Бекова", author.Element(Atom + "name")!.Value);
        Assert.Null(author.Element(Atom + "email"));
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void Format_HeadDocument_LinksSiteFirstThenSelfAndHub(string format)
    {
        IFeedFormatter formatter = format == "rss" ? new RssFeedFormatter() : new AtomFeedFormatter();
        var doc = XDocument.Parse(Encoding.UTF8.GetString(formatter.Format(SampleFeeds.Document(SampleFeeds.International(), prev: "archive/7"))));

        var links = doc.Descendants().Where(e => e.Name.LocalName == "link" && e.Parent!.Name.LocalName is "channel" or "feed").ToList();
        var site = links[0];
        Assert.Equal("https://news.example/", (string?)site.Attribute("href") ?? site.Value);
        var rels = links.Skip(1).ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal($"https://news.example/feeds/{formatter.FileName}", rels["self"]);
        Assert.Equal("https://hub.example/", rels["hub"]);
        Assert.Equal($"https://news.example/feeds/archive/7{formatter.ArchiveSuffix}", rels["prev-archive"]);
        Assert.False(rels.ContainsKey("current"), "a head document is the current document itself");
        Assert.Empty(doc.Descendants(XName.Get("archive", "http://purl.org/syndication/history/1.0")));
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void Format_ArchivePage_MarksArchiveAndLinksNeighboursAndCurrent(string format)
    {
        IFeedFormatter formatter = format == "rss" ? new RssFeedFormatter() : new AtomFeedFormatter();
        var scope = FeedScope.Site("News Example") with { Path = "tags/экономика", Tag = "Экономика" };
        var doc = XDocument.Parse(Encoding.UTF8.GetString(formatter.Format(SampleFeeds.Document(SampleFeeds.International(), scope: scope, archivePage: "archive/2", prev: "archive/1", next: "archive/3"))));

        Assert.Single(doc.Descendants(XName.Get("archive", "http://purl.org/syndication/history/1.0")));
        var rels = doc.Descendants().Where(e => e.Name == Atom + "link" && e.Attribute("rel") is not null && e.Parent!.Name.LocalName is "channel" or "feed")
            .ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        var folder = new Uri("https://news.example/feeds/tags/экономика/").AbsoluteUri;
        Assert.Equal(folder + "archive/2" + formatter.ArchiveSuffix, rels["self"]);
        Assert.Equal(folder + formatter.FileName, rels["current"]);
        Assert.Equal(folder + "archive/1" + formatter.ArchiveSuffix, rels["prev-archive"]);
        Assert.Equal(folder + "archive/3" + formatter.ArchiveSuffix, rels["next-archive"]);
        Assert.False(rels.ContainsKey("hub"), "archive pages never change, so they announce no hub");
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public void Format_ControlCharactersAndLoneSurrogates_AreDroppedAndDocumentStaysParseable(string format)
    {
        IFeedFormatter formatter = format switch { "rss" => new RssFeedFormatter(), "atom" => new AtomFeedFormatter(), _ => new JsonFeedFormatter() };
        var entry = SampleFeeds.Entry("bad-chars") with { Title = "Bell\u0007 and \uD800 lone & <ok>", Html = "<p>x\u0000y\u001Fz</p>", Summary = "s\u000Bt" };

        var bytes = formatter.Format(SampleFeeds.Document([entry]));

        if (format == "json")
        {
            using var json = JsonDocument.Parse(bytes);
            Assert.Equal("Bell and  lone & <ok>", json.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
            return;
        }

        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { CheckCharacters = true });
        var doc = XDocument.Load(reader);
        var titles = doc.Descendants().Where(e => e.Name.LocalName == "title" && e.Parent!.Name.LocalName is "item" or "entry").Select(e => e.Value);
        Assert.Equal(["Bell and  lone & <ok>"], titles);
    }

    [Fact]
    public void JsonFormat_Document_CarriesFeedAndItemFields()
    {
        var entries = SampleFeeds.International();
        using var json = JsonDocument.Parse(new JsonFeedFormatter().Format(SampleFeeds.Document(entries, prev: "archive/4")));
        var root = json.RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("https://news.example/feeds/feed.json", root.GetProperty("feed_url").GetString());
        Assert.Equal("https://news.example/", root.GetProperty("home_page_url").GetString());
        Assert.Equal("https://news.example/feeds/archive/4.json", root.GetProperty("next_url").GetString());
        Assert.Equal("https://hub.example/", root.GetProperty("hubs")[0].GetProperty("url").GetString());
        var item = root.GetProperty("items")[0];
        Assert.Equal(FeedText.EntryUrn("kk-economy"), item.GetProperty("id").GetString());
        Assert.Equal(entries[0].Title, item.GetProperty("title").GetString());
        Assert.Equal("https://news.example/img/kk.jpg", item.GetProperty("image").GetString());
        Assert.Equal("2024-11-11T10:20:00Z", item.GetProperty("date_published").GetString());
        Assert.Equal("Әйгерім Бекова", item.GetProperty("authors")[0].GetProperty("name").GetString());
        Assert.Equal("kk", item.GetProperty("language").GetString());
        Assert.StartsWith("<p>Ұлттық банк <a href=", item.GetProperty("content_html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EntryUrn_SameId_IsStableAndDistinctPerEntry()
    {
        Assert.Equal(FeedText.EntryUrn("a-1"), FeedText.EntryUrn("a-1"));
        Assert.NotEqual(FeedText.EntryUrn("a-1"), FeedText.EntryUrn("a-2"));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", FeedText.EntryUrn("a-1"));
    }

    [Fact]
    public void OpmlWrite_Outlines_ListEveryFeedWithItsType()
    {
        var outlines = new List<OpmlOutline>
        {
            new("News", "https://news.example/feeds/rss.xml", "https://news.example/", "rss.xml", null),
            new("News (kk)", "https://news.example/feeds/kk/atom.xml", "https://news.example/", "atom.xml", "kk"),
            new("News: Экономика & рынки", "https://news.example/feeds/tags/экономика/feed.json", "https://news.example/", "feed.json", null),
        };

        var doc = XDocument.Parse(Encoding.UTF8.GetString(new OpmlWriter().Write("News", outlines)));

        Assert.Equal("2.0", doc.Root!.Attribute("version")!.Value);
        var written = doc.Descendants("outline").Select(o => ((string)o.Attribute("text")!, (string)o.Attribute("xmlUrl")!, (string)o.Attribute("version")!, (string?)o.Attribute("language"))).ToList();
        Assert.Equal(
            [("News", "https://news.example/feeds/rss.xml", "RSS2", null), ("News (kk)", "https://news.example/feeds/kk/atom.xml", "ATOM", "kk"), ("News: Экономика & рынки", "https://news.example/feeds/tags/экономика/feed.json", "JSONFEED", null)],
            written);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void Format_EntryWithTranslations_LinksEachAsAlternateWithHreflangAfterItsOwnLink(string format)
    {
        IFeedFormatter formatter = format == "rss" ? new RssFeedFormatter() : new AtomFeedFormatter();
        var story = SampleFeeds.Story();

        var doc = XDocument.Parse(Encoding.UTF8.GetString(formatter.Format(SampleFeeds.Document(story))));

        var items = doc.Descendants().Where(e => e.Name.LocalName is "item" or "entry").ToList();
        Assert.Equal(story.Count, items.Count);
        for (var i = 0; i < story.Count; i++)
        {
            var links = items[i].Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "alternate").ToList();
            var translations = links.Where(l => l.Attribute("hreflang") is not null)
                .Select(l => ((string)l.Attribute("hreflang")!, (string)l.Attribute("href")!, (string?)l.Attribute("type")));
            Assert.Equal(SampleFeeds.ExpectedTranslations(story[i]).Select(t => (t.Language, t.Url, (string?)"text/html")), translations);
            var firstLink = items[i].Elements().First(e => e.Name.LocalName == "link");
            Assert.True(firstLink.Attribute("hreflang") is null, $"{format} entry {story[i].Id}: the first link must be the entry's own, not a translation");
        }

        Assert.Contains("https://news.example/kk/%D0%B6%D0%B5%D0%BB%D1%96?a=1&b=2", items[0].Elements(Atom + "link").Select(l => (string)l.Attribute("href")!));
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public void Format_OddTranslations_OwnLanguageDuplicatesRelativeAndXDefaultAreLeftOut(string format)
    {
        IFeedFormatter formatter = format switch { "rss" => new RssFeedFormatter(), "atom" => new AtomFeedFormatter(), _ => new JsonFeedFormatter() };
        var entry = SampleFeeds.Entry("odd", language: "en") with
        {
            Translations =
            [
                new("ru", "https://news.example/ru/odd"), new("RU", "https://news.example/ru/odd-again"), new("en", "https://news.example/en/other"),
                new("x-default", "https://news.example/odd"), new("kk", "/kk/odd"), new("kk", "javascript:alert(1)"), new("pt-br", "https://news.example/pt/odd"),
            ],
        };

        var text = Encoding.UTF8.GetString(formatter.Format(SampleFeeds.Document([entry])));

        var written = format == "json"
            ? JsonDocument.Parse(text).RootElement.GetProperty("items")[0].GetProperty("_syndication").GetProperty("translations").EnumerateArray()
                .Select(t => (t.GetProperty("language").GetString()!, t.GetProperty("url").GetString()!)).ToList()
            : XDocument.Parse(text).Descendants(Atom + "link").Where(l => l.Attribute("hreflang") is not null)
                .Select(l => ((string)l.Attribute("hreflang")!, (string)l.Attribute("href")!)).ToList();
        Assert.Equal([("ru", "https://news.example/ru/odd"), ("pt-br", "https://news.example/pt/odd")], written);
    }

    [Fact]
    public void JsonFormat_EntryWithTranslations_CarriesSyndicationExtensionOnlyWhenThereAreSome()
    {
        var story = SampleFeeds.Story();

        using var json = JsonDocument.Parse(new JsonFeedFormatter().Format(SampleFeeds.Document(story)));

        var items = json.RootElement.GetProperty("items");
        for (var i = 0; i < story.Count; i++)
        {
            if (story[i].Translations.Count == 0)
            {
                Assert.False(items[i].TryGetProperty("_syndication", out _), $"{story[i].Id} has no translations: no extension object");
                continue;
            }

            var translations = items[i].GetProperty("_syndication").GetProperty("translations").EnumerateArray()
                .Select(t => (t.GetProperty("language").GetString()!, t.GetProperty("url").GetString()!));
            Assert.Equal(SampleFeeds.ExpectedTranslations(story[i]), translations);
        }
    }
}
