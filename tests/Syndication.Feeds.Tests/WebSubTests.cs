using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Syndication.Core;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Feeds.Tests;

public class WebSubTests
{
    [Fact]
    public async Task Publish_HubConfigured_FeedsAdvertiseHubAndOnePingNamesEveryChangedFeed()
    {
        await using var hub = new LoopbackHub(failFirstPerUrl: true);
        var options = Microsoft.Extensions.Options.Options.Create(new FeedsOptions { BaseUrl = new Uri("https://news.example"), HubUrl = hub.Url, HeadSize = 5 });
        var notifier = Notifier(options, retries: 2);
        var store = new InMemoryBlobStore();
        var entries = new EntryRepository(store);
        var documents = new FeedDocumentStore(store, [new RssFeedFormatter(), new AtomFeedFormatter(), new JsonFeedFormatter()], options);
        var publisher = new ArchivingFeedPublisher(store, entries, documents, new OpmlWriter(), [notifier], options, TimeProvider.System, NullLogger<ArchivingFeedPublisher>.Instance);
        var entry = SampleFeeds.Entry("entry-1", tags: ["Economy"]);
        await store.PutJsonAsync(Containers.Entries, EntryRepository.BlobName(entry.Id), entry, StoredJson.Options, null, false, CancellationToken.None);

        await publisher.PublishAsync([new PublishMessage(entry.Id, EntryChangeKind.Published, entry.Version)], CancellationToken.None);

        var expected = new[] { "", "en/", "tags/economy/" }.SelectMany(p => new[] { "rss.xml", "atom.xml", "feed.json" }.Select(f => $"https://news.example/feeds/{p}{f}")).Order().ToList();
        var accepted = hub.Requests.Where(r => r.Accepted).ToList();
        Assert.All(accepted, r => Assert.Equal("publish", r.Form["hub.mode"]));
        Assert.Equal(expected, accepted.SelectMany(r => r.Urls).Order());
        // One request named all nine feeds; it was refused once (503) and retried.
        Assert.Equal(2, hub.Requests.Count);
        Assert.All(hub.Requests, r => Assert.Equal(expected.Count, r.Urls.Count));

        var rss = XDocument.Parse(System.Text.Encoding.UTF8.GetString((await store.GetAsync(Containers.Feeds, "rss.xml", CancellationToken.None))!.Content.Span));
        var links = rss!.Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")).ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal(hub.Url.AbsoluteUri, links["hub"]);
        Assert.Equal("https://news.example/feeds/rss.xml", links["self"]);
    }

    [Fact]
    public async Task Ping_HubKeepsFailing_RetriesThenGivesUpWithoutThrowing()
    {
        await using var hub = new LoopbackHub(failFirstPerUrl: false, alwaysFail: true);
        var options = Microsoft.Extensions.Options.Options.Create(new FeedsOptions { HubUrl = hub.Url });
        var notifier = Notifier(options, retries: 3);

        var accepted = await notifier.PingAsync(hub.Url, "https://news.example/feeds/rss.xml", CancellationToken.None);

        Assert.False(accepted);
        Assert.Equal(4, hub.Requests.Count);
    }

    [Fact]
    public async Task FeedsChanged_ManyFeeds_BatchedAndBoundedRequests()
    {
        await using var hub = new LoopbackHub(failFirstPerUrl: false);
        var options = Microsoft.Extensions.Options.Options.Create(new FeedsOptions { HubUrl = hub.Url });
        var notifier = new WebSubNotifier(new PlainHttpClientFactory(), options,
            Microsoft.Extensions.Options.Options.Create(new WebSubOptions { RetryDelays = [], MaxUrlsPerPing = 100 }), TimeProvider.System, NullLogger<WebSubNotifier>.Instance);
        var urls = Enumerable.Range(0, 1000).Select(i => $"https://news.example/feeds/tags/t{i}/rss.xml").ToList();

        await notifier.FeedsChangedAsync([.. urls, .. urls], CancellationToken.None);

        Assert.Equal(10, hub.Requests.Count);
        Assert.Equal(urls.Order(), hub.Requests.SelectMany(r => r.Urls).Order());
    }

    [Fact]
    public async Task FeedsChanged_NoHubConfigured_SendsNothing()
    {
        await using var hub = new LoopbackHub(failFirstPerUrl: false);
        var notifier = Notifier(Microsoft.Extensions.Options.Options.Create(new FeedsOptions()), retries: 0);

        await notifier.FeedsChangedAsync(["https://news.example/feeds/rss.xml"], CancellationToken.None);

        Assert.Empty(hub.Requests);
    }

    private static WebSubNotifier Notifier(Microsoft.Extensions.Options.IOptions<FeedsOptions> feeds, int retries) => new(
        new PlainHttpClientFactory(),
        feeds,
        Microsoft.Extensions.Options.Options.Create(new WebSubOptions { RetryDelays = [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(20), retries)] }),
        TimeProvider.System,
        NullLogger<WebSubNotifier>.Instance);

    private sealed class PlainHttpClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    /// <summary>A WebSub hub on 127.0.0.1 (free port) that records publish pings.</summary>
    private sealed class LoopbackHub : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly bool _failFirstPerUrl;
        private readonly bool _alwaysFail;

        public LoopbackHub(bool failFirstPerUrl, bool alwaysFail = false)
        {
            _failFirstPerUrl = failFirstPerUrl;
            _alwaysFail = alwaysFail;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/hub");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public Uri Url { get; }

        public ConcurrentQueue<(Dictionary<string, string> Form, List<string> Urls, bool Accepted)> RequestsQueue { get; } = new();

        public List<(Dictionary<string, string> Form, List<string> Urls, bool Accepted)> Requests => [.. RequestsQueue];

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                var pairs = body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
                    .Select(p => (Key: WebUtility.UrlDecode(p[0]), Value: WebUtility.UrlDecode(p.Length > 1 ? p[1] : ""))).ToList();
                var form = pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
                var urls = pairs.Where(p => p.Key == "hub.url").Select(p => p.Value).ToList();
                var url = string.Join(' ', urls);
                var first = _seen.AddOrUpdate(url, 1, (_, n) => n + 1) == 1;
                var accept = !_alwaysFail && !(first && _failFirstPerUrl) && context.Request.HttpMethod == "POST"
                    && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true;
                RequestsQueue.Enqueue((form, urls, accept));
                context.Response.StatusCode = accept ? 204 : 503;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
