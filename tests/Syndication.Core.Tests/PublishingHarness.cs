using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Syndication.Feeds;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;

namespace Syndication.Core.Tests;

/// <summary>
/// The real publisher and formatters over a store with operation counting: the filesystem store in a temp folder
/// (in /dev/shm when present: the store flushes every write, which would make thousands of writes slow, not more
/// real), or a given store.
/// </summary>
public sealed class PublishingHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2024, 11, 11, 10, 20, 0, TimeSpan.Zero);
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly string? _folder;

    public PublishingHarness(int headSize, Uri? hubUrl = null, IFeedChangeNotifier? notifier = null, IBlobStore? store = null)
    {
        Time = new FakeTimeProvider(Now);
        Options = Microsoft.Extensions.Options.Options.Create(new FeedsOptions { BaseUrl = new Uri("https://news.example"), HeadSize = headSize, HubUrl = hubUrl, Title = "News Example" });
        if (store is null)
        {
            _folder = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "syndication-publishing-" + Guid.NewGuid().ToString("N"));
            store = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder }, Time);
        }

        Store = new CountingBlobStore(store);
        Entries = new EntryRepository(Store);
        Documents = new FeedDocumentStore(Store, [new RssFeedFormatter(), new AtomFeedFormatter(), new JsonFeedFormatter()], Options);
        Publisher = new ArchivingFeedPublisher(Store, Entries, Documents, new OpmlWriter(), notifier is null ? [] : [notifier], Options, Time, NullLogger<ArchivingFeedPublisher>.Instance);
    }

    public FakeTimeProvider Time { get; }
    public IOptions<FeedsOptions> Options { get; }
    public CountingBlobStore Store { get; }
    public EntryRepository Entries { get; }
    public FeedDocumentStore Documents { get; }
    public ArchivingFeedPublisher Publisher { get; }

    /// <summary>An entry with a body, a summary, an author and tags, published <paramref name="minutesAgo"/> before <see cref="Now"/>.</summary>
    public static Entry Sample(string id, int minutesAgo = 0, string language = "en", IReadOnlyList<string>? tags = null) => new()
    {
        Id = id,
        Version = "v-" + id,
        Source = id + ".html",
        Title = $"Title of {id}",
        Url = $"https://news.example/articles/{id}",
        Published = Now.AddMinutes(-minutesAgo),
        Updated = Now.AddMinutes(-minutesAgo),
        Author = "Aigerim Bekova",
        Language = language,
        Tags = tags ?? ["Economy"],
        Text = $"Body of {id}.",
        Html = $"<p>Body of <b>{id}</b>.</p>",
        Summary = $"Summary of {id}.",
        IngestedAt = Now,
    };

    public static Entry Numbered(int n, string language = "en", IReadOnlyList<string>? tags = null) =>
        Sample($"entry-{n:D5}", language: language, tags: tags ?? []) with
        {
            Published = Now.AddMinutes(n),
            Updated = Now.AddMinutes(n),
            Title = $"Article number {n}",
        };

    /// <summary>
    /// Puts an entry into <c>entries/</c> as the journal would have stored it. The publisher under test reads only
    /// the content, so the journal (and its outbox) is left out here.
    /// </summary>
    public Task SeedAsync(Entry entry) =>
        Store.PutJsonAsync(Containers.Entries, EntryRepository.BlobName(entry.Id), entry, StoredJson.Options, null, false, CancellationToken.None);

    public Task UnseedAsync(string id) => Store.DeleteAsync(Containers.Entries, EntryRepository.BlobName(id), null, CancellationToken.None);

    public async Task PublishAsync(Entry entry, EntryChangeKind kind = EntryChangeKind.Published)
    {
        await SeedAsync(entry);
        await Publisher.PublishAsync([new PublishMessage(entry.Id, kind, entry.Version)], CancellationToken.None);
    }

    public async Task DeleteAsync(string id)
    {
        await UnseedAsync(id);
        await Publisher.PublishAsync([new PublishMessage(id, EntryChangeKind.Deleted, "")], CancellationToken.None);
    }

    public async Task<XDocument?> ReadXmlAsync(string name)
    {
        var blob = await Store.GetAsync(Containers.Feeds, name, CancellationToken.None);
        return blob is null ? null : XDocument.Parse(System.Text.Encoding.UTF8.GetString(blob.Content.Span));
    }

    /// <summary>
    /// What a reader backfilling the Atom feed of a scope sees: the head, then every page reached through
    /// prev-archive links. Returns the entry ids in order and the documents visited.
    /// </summary>
    public async Task<(List<string> Ids, List<string> Documents)> BackfillAsync(string scopePath)
    {
        var ids = new List<string>();
        var visited = new List<string>();
        var name = FeedDocumentStore.Prefix(scopePath) + "atom.xml";
        while (name is not null)
        {
            Assert.DoesNotContain(name, visited);
            visited.Add(name);
            var doc = await ReadXmlAsync(name) ?? throw new Xunit.Sdk.XunitException($"feeds/{name} is linked but missing (visited {string.Join(", ", visited)})");
            ids.AddRange(doc.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
            var prev = doc.Root.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive");
            name = prev is null ? null : ToBlobName((string)prev.Attribute("href")!);
        }

        return (ids, visited);
    }

    public static string ToBlobName(string href)
    {
        var marker = "/feeds/";
        var path = new Uri(href).AbsolutePath;
        return Uri.UnescapeDataString(path[(path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..]);
    }

    public void Dispose()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
