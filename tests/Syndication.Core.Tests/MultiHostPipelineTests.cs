using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Pipeline;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// The whole pipeline on three workers, as three <c>run</c> processes (or Function App instances) share one storage
/// account (Azurite): articles are uploaded while every worker runs passes of reconcile (ingest), publish and
/// delivery at once, racing for the same uploads, feeds and deliveries. A real loopback partner must accept each
/// article exactly once, and each article must appear once in the site feed's archive chain.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class MultiHostPipelineTests(AzuriteFixture azurite)
{
    // The issue ran 300. On the shared two-core machine 300 took 28 s at load average 10 and 69 s at 25; 200 took
    // 48 s at 25, under a minute on that loaded box.
    private const int Articles = 200;
    private const int Hosts = 3;

    // Its own partner id: the Azurite account is shared with MultiHostDeliveryTests, which counts the records of "p1".
    private const string PartnerId = "three-hosts";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task RunOnThreeHosts_ArticlesUploadedWhileAllRun_EachAcceptedOnceAndInTheFeedsOnce()
    {
        await using var partner = await PartnerServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Feeds:BaseUrl"] = "https://steppe.example",
            ["Feeds:HubUrl"] = "none",
            ["Feeds:HeadSize"] = "20",
            ["Delivery:RequireHttps"] = "false",
            ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
            // Generous: an attempt that times out after the partner accepted it is retried, and would be sent twice.
            ["Delivery:Timeout"] = "00:00:30",
        }).Build();
        await using var hosts = SharedAccountHosts.Start(configuration, Hosts);
        var store = hosts[0].GetRequiredService<IBlobStore>();
        var queue = hosts[0].GetRequiredService<IWorkQueue>();
        await store.PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, Encoding.UTF8.GetBytes(PartnerJson.Registry(partner.Registration(PartnerId))), null, CancellationToken.None);
        var run = Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, Articles).Select(i => $"three-hosts-{run}-{i:D3}.html").ToList();

        using var cancel = new CancellationTokenSource(Limit);
        var settled = false;
        var workers = hosts.Select(host => Task.Run(async () =>
        {
            // What `run` does on a shared account: reconcile (ingest what is new), then drain the queues, again and again.
            var pipeline = host.GetRequiredService<PipelineRunner>();
            while (!Volatile.Read(ref settled))
            {
                var pass = await pipeline.RunOnceAsync(cancel.Token);
                if (pass.Reconcile.Ingested == 0 && pass.MessagesHandled.Values.Sum() == 0)
                {
                    await Task.Delay(50, cancel.Token);
                }
            }
        })).ToList();

        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel.Token }, async (name, ct) =>
            await store.PutAsync(Containers.Articles, name, Page(name), new BlobWriteOptions { ContentType = "text/html" }, ct));

        // Settled: every delivery record finished as delivered (none waiting on a retry) and nothing left queued
        // (copies of announcements and deliveries included).
        var admin = hosts[0].GetRequiredService<DeliveryAdmin>();
        while (!(partner.AcceptedIds.Count >= Articles
            && !(await admin.ListDeliveriesAsync(null, PartnerId, null, cancel.Token)).Any(r => r.Status != DeliveryStatus.Delivered)
            && await queue.CountAsync(QueueNames.Publish, cancel.Token) == 0
            && await queue.CountAsync(QueueNames.Deliveries, cancel.Token) == 0))
        {
            if (workers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed; // a worker's exception is the failure to report
            }

            await Task.Delay(200, cancel.Token);
        }

        Volatile.Write(ref settled, true);
        await Task.WhenAll(workers);

        var ids = names.Select(EntryIds.FromArticleName).ToHashSet(StringComparer.Ordinal);
        var accepted = partner.AcceptedIds.ToList();
        Assert.Equal(Articles, accepted.Count);
        Assert.Equal(0, partner.AcceptedMoreThanOnce);
        var sentTwice = partner.Received.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(sentTwice.Count == 0, $"{sentTwice.Count} webhook-id(s) were sent more than once, e.g. {string.Join(", ", sentTwice.Take(3))}");
        var records = await admin.ListDeliveriesAsync(null, PartnerId, null, CancellationToken.None);
        Assert.Equal(Articles, records.Count(r => r.Status == DeliveryStatus.Delivered));

        var urns = ids.ToDictionary(EntryUrns.Entry, id => id, StringComparer.Ordinal);
        var inFeeds = await AtomChainAsync(store);
        var ours = inFeeds.Where(urns.ContainsKey).ToList();
        var missing = urns.Keys.Except(ours).Select(u => urns[u]).ToList();
        var twice = ours.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => urns[g.Key]).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} article(s) not reachable from feeds/atom.xml through prev-archive, e.g. {string.Join(", ", missing.Take(3))}");
        Assert.True(twice.Count == 0, $"{twice.Count} article(s) appear more than once in the feeds, e.g. {string.Join(", ", twice.Take(3))}");
    }

    /// <summary>Atom entry ids from <c>feeds/atom.xml</c> and every page its <c>prev-archive</c> links lead to.</summary>
    private static async Task<List<string>> AtomChainAsync(IBlobStore store)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var name = "atom.xml"; name is not null && seen.Add(name);)
        {
            var blob = await store.GetAsync(Containers.Feeds, name, CancellationToken.None);
            Assert.True(blob is not null, $"feeds/{name} is linked as prev-archive but does not exist");
            var document = XDocument.Parse(Encoding.UTF8.GetString(blob.Content.Span));
            ids.AddRange(document.Root!.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "id") ?? ""));
            var prev = document.Root.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive")?.Attribute("href")?.Value;
            name = prev is null ? null : new Uri(prev).AbsolutePath is var path && path.IndexOf("/feeds/", StringComparison.Ordinal) is var at and >= 0 ? Uri.UnescapeDataString(path[(at + "/feeds/".Length)..]) : null;
        }

        return ids;
    }

    private static byte[] Page(string name) => Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Freight corridor report {{name}}</title>
        <meta property="article:published_time" content="2024-11-11T10:20:00Z"></head>
        <body>
        <nav><a href="/">Home</a> <a href="/economy">Economy</a></nav>
        <article>
        <h1>Freight corridor report {{name}}</h1>
        <p class="byline">By Aigerim Sadykova</p>
        <p>The new rail link across the steppe opened to freight traffic on Monday, cutting the journey between the
        two regional hubs from three days to a little over thirty hours, according to the operator ({{name}}).</p>
        <p>Officials said the line would carry grain and building materials first, with passenger services expected
        next year once the remaining stations are finished and the signalling has been certified.</p>
        <p>Local businesses welcomed the opening, saying lower transport costs would help them reach new markets
        along the corridor and beyond the border.</p>
        </article>
        </body></html>
        """);
}
