using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Pipeline;
using Syndication.Core.Storage;
using Syndication.Hosting;

namespace Syndication.Benchmarks;

/// <summary>
/// A site migration: N generated article pages uploaded at once, then one pipeline pass (ingest, publish with
/// archives, no partners). Checks the result (every page in an entry, site feed + archives hold all of them)
/// and prints pages/s.
/// </summary>
public sealed class BulkImportBenchmark : IBenchmark
{
    public string Name => "bulk-import";

    public string Description => "upload N generated pages and run the pipeline once [--pages 2000] [--root DIR]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pages = int.Parse(Option(args, "--pages") ?? "2000", CultureInfo.InvariantCulture);
        var root = Path.Combine(Option(args, "--root") ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath()), "syndication-bulk-" + Guid.NewGuid().ToString("N"));
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataRoot"] = root,
                ["Feeds:BaseUrl"] = "https://think.example",
            }).Build();
            var services = new ServiceCollection().AddLogging().AddSyndication(configuration);
            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<IBlobStore>();

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < pages; i++)
            {
                await store.PutAsync(Containers.Articles, $"migrated-{i:D6}.html", Page(i), new BlobWriteOptions { ContentType = "text/html" }, cancellationToken);
            }

            var upload = clock.Elapsed;
            clock.Restart();
            var result = await provider.GetRequiredService<PipelineRunner>().RunOnceAsync(cancellationToken);
            var pipeline = clock.Elapsed;

            var items = await CountSiteItemsAsync(store, cancellationToken);
            var published = result.Reconcile.Results.Count(r => r.Status == Core.Ingest.IngestStatus.Published);
            Console.WriteLine($"{pages:N0} pages: upload {upload.TotalSeconds:0.0} s, ingest + publish {pipeline.TotalSeconds:0.0} s ({pages / pipeline.TotalSeconds:0.0} pages/s)");
            Console.WriteLine($"published {published:N0}; site feed head + archives hold {items:N0} items");
            Console.WriteLine(JsonSerializer.Serialize(new { pages, published, feed_items = items, pipeline_s = Math.Round(pipeline.TotalSeconds, 2), pages_per_s = Math.Round(pages / pipeline.TotalSeconds, 1) }));
            return published == pages && items == pages ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Follows the site Atom feed's prev-archive links and counts every entry.</summary>
    private static async Task<int> CountSiteItemsAsync(IBlobStore store, CancellationToken cancellationToken)
    {
        var count = 0;
        var name = "atom.xml";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (name is not null && seen.Add(name))
        {
            var blob = await store.GetAsync(Containers.Feeds, name, cancellationToken);
            if (blob is null)
            {
                break;
            }

            var xml = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(blob.Content.Span));
            System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
            count += xml.Root!.Elements(atom + "entry").Count();
            var prev = xml.Root.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive")?.Attribute("href")?.Value;
            name = prev is null ? null : Uri.UnescapeDataString(new Uri(prev).AbsolutePath)["/feeds/".Length..];
        }

        return count;
    }

    private static byte[] Page(int i)
    {
        var date = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 7);
        var topic = (i % 3) switch { 0 => "energy", 1 => "economy", _ => "water" };
        var lang = (i % 2) == 0 ? "en" : "ru";
        return Encoding.UTF8.GetBytes($"""
            <html lang="{lang}"><head><title>Report {i}: {topic} outlook | Institute</title>
            <meta property="og:title" content="Report {i}: {topic} outlook">
            <meta property="article:published_time" content="{date:yyyy-MM-ddTHH:mm:ssZ}">
            <meta property="article:tag" content="{topic}"></head>
            <body><nav><a href="/">Home</a> <a href="/research">Research</a></nav>
            <article><h1>Report {i}: {topic} outlook</h1>
            <p>The institute's report number {i} looks at the {topic} outlook for the coming years and what it means for households and firms in the region.</p>
            <p>Its authors find that investment has lagged behind plans, and that the gap is widest where tariffs remain below cost recovery.</p>
            <p>They recommend a gradual path of reforms, published targets and an independent regulator, to be reviewed every two years.</p>
            </article><footer>© Institute</footer></body></html>
            """);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
