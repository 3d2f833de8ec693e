using System.Text.Json;
using Syndication.Core.Publishing;

namespace Syndication.Feeds.Tests;

/// <summary>Our feeds read back by the parsers and validators subscribers' tools are built on.</summary>
public class RealParserTests
{
    private static readonly string ToolsFolder = Path.Combine(AppContext.BaseDirectory, "Tools");

    /// <summary>A head document, an archive page, and a head whose entries link their translations.</summary>
    public static TheoryData<string> Documents => ["head", "archive", "translations"];

    private static IReadOnlyList<Syndication.Core.Entries.Entry> EntriesFor(string kind) =>
        kind == "translations" ? SampleFeeds.Story() : SampleFeeds.International();

    private static FeedDocument DocumentFor(string kind) => kind switch
    {
        "archive" => SampleFeeds.Document(EntriesFor(kind), archivePage: "archive/2", prev: "archive/1", next: "archive/3"),
        _ => SampleFeeds.Document(EntriesFor(kind), prev: "archive/2"),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Feedparser_RssAndAtom_ParseWithoutBozoAndKeepFields(string kind)
    {
        var python = ExternalTool.RequireFile(ExternalTool.SystemPython, "python3-feedparser");
        using var temp = new TempFolder();
        var rss = temp.File("rss.xml", new RssFeedFormatter().Format(DocumentFor(kind)));
        var atom = temp.File("atom.xml", new AtomFeedFormatter().Format(DocumentFor(kind)));

        var result = await ExternalTool.RunAsync(python, [Path.Combine(ToolsFolder, "read-feed.py"), rss, atom]);

        Assert.True(result.ExitCode == 0, $"feedparser failed (install the Debian package 'python3-feedparser'): {result.Stderr}");
        var expected = EntriesFor(kind);
        using var json = JsonDocument.Parse(result.Stdout);
        foreach (var feed in json.RootElement.EnumerateArray())
        {
            var file = Path.GetFileName(feed.GetProperty("file").GetString());
            Assert.True(feed.GetProperty("bozo").GetInt32() == 0, $"{kind} {file}: feedparser bozo=1: {feed.GetProperty("bozo_exception")}");
            Assert.Equal(file == "rss.xml" ? "rss20" : "atom10", feed.GetProperty("version").GetString());
            Assert.Equal("https://news.example/", feed.GetProperty("link").GetString());
            var entries = feed.GetProperty("entries");
            Assert.Equal(expected.Count, entries.GetArrayLength());
            for (var i = 0; i < expected.Count; i++)
            {
                var e = entries[i];
                var want = expected[i];
                Assert.True(want.Title == e.GetProperty("title").GetString(), $"{kind} {file} entry {i}: title {e.GetProperty("title")} != {want.Title}");
                // feedparser's "link" is the last text/html alternate; the entry's own is the one without hreflang.
                var own = e.GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").GetString() == "alternate" && l.GetProperty("hreflang").ValueKind != JsonValueKind.String);
                Assert.Equal(new Uri(want.Url).AbsoluteUri, own.GetProperty("href").GetString());
                if (want.Translations.Count == 0)
                {
                    Assert.Equal(new Uri(want.Url).AbsoluteUri, e.GetProperty("link").GetString());
                }

                var translations = e.GetProperty("links").EnumerateArray()
                    .Where(l => l.GetProperty("rel").GetString() == "alternate" && l.GetProperty("hreflang").ValueKind == JsonValueKind.String)
                    .Select(l => (l.GetProperty("hreflang").GetString()!, l.GetProperty("href").GetString()!));
                Assert.True(SampleFeeds.ExpectedTranslations(want).SequenceEqual(translations), $"{kind} {file} entry {i}: translation links {e.GetProperty("links")}");
                Assert.Equal(FeedText.EntryUrn(want.Id), e.GetProperty("id").GetString());
                Assert.Equal(want.Author, e.GetProperty("author").GetString());
                Assert.Equal(want.Language, e.GetProperty("language").GetString());
                Assert.Equal(want.Tags, e.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
                var published = e.GetProperty("published_parsed").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                Assert.Equal(new[] { want.Published.Year, want.Published.Month, want.Published.Day, want.Published.Hour, want.Published.Minute, want.Published.Second }, published);
                Assert.Equal(want.Summary, e.GetProperty("summary").GetString());
                Assert.Contains(e.GetProperty("content").EnumerateArray(), c => c.GetString()!.Contains("</p>", StringComparison.Ordinal));
                if (want.Image is not null)
                {
                    var images = e.GetProperty(file == "rss.xml" ? "media" : "enclosures").EnumerateArray().Select(x => x.GetString());
                    Assert.Contains(want.Image, images);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Jing_AtomDocument_ValidatesAgainstRfc4287Schema(string kind)
    {
        var jing = ExternalTool.RequireOnPath("jing", "jing");
        using var temp = new TempFolder();
        var atom = temp.File("atom.xml", new AtomFeedFormatter().Format(DocumentFor(kind)));

        var result = await ExternalTool.RunAsync(jing, ["-c", Path.Combine(AppContext.BaseDirectory, "Schemas", "atom.rnc"), atom]);

        Assert.True(result.ExitCode == 0, $"{kind} atom.xml is not valid RFC 4287: {result.Stdout}{result.Stderr}");
    }

    [Fact]
    public async Task Jing_AtomWithoutId_IsRejected()
    {
        // Guards the validator itself: an Atom feed missing its required atom:id must fail.
        var jing = ExternalTool.RequireOnPath("jing", "jing");
        using var temp = new TempFolder();
        var xml = System.Text.Encoding.UTF8.GetString(new AtomFeedFormatter().Format(DocumentFor("head")));
        var start = xml.IndexOf("<id>", StringComparison.Ordinal);
        var broken = xml.Remove(start, xml.IndexOf("</id>", start, StringComparison.Ordinal) + 5 - start);
        var atom = temp.File("atom.xml", System.Text.Encoding.UTF8.GetBytes(broken));

        var result = await ExternalTool.RunAsync(jing, ["-c", Path.Combine(AppContext.BaseDirectory, "Schemas", "atom.rnc"), atom]);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Ajv_JsonFeed_ValidatesAgainstJsonFeed11Schema(string kind)
    {
        var node = ExternalTool.RequireOnPath("node", "nodejs");
        var modules = Path.Combine(ExternalTool.RepositoryRoot(), "tests", "node", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "jsonfeed-schema")) || !Directory.Exists(Path.Combine(modules, "ajv")))
        {
            Assert.Fail($"npm packages 'jsonfeed-schema' and 'ajv' are missing in {modules}: run 'npm ci --prefix tests/node'.");
        }

        using var temp = new TempFolder();
        var feed = temp.File("feed.json", new JsonFeedFormatter().Format(DocumentFor(kind)));

        var result = await ExternalTool.RunAsync(node, [Path.Combine(ToolsFolder, "validate-jsonfeed.cjs"), modules, feed]);

        Assert.True(result.ExitCode == 0, $"{kind} feed.json is not valid JSON Feed 1.1: {result.Stdout}{result.Stderr}");
        Assert.Contains("\"valid\":true", result.Stdout, StringComparison.Ordinal);
    }
}
