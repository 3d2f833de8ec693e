using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Extraction;
using Syndication.Feeds;

namespace Syndication.Benchmarks;

/// <summary>
/// CPU that writing feed documents costs, per format, in process: the benchmark pages are extracted once into entries
/// (real sanitised bodies), grouped into 50-entry documents (head and archive pages), and each formatter writes every
/// document, round after round. Process CPU time and wall clock per round, medians printed; a SHA-256 of each format's
/// output shows whether two builds write the same bytes.
/// </summary>
public sealed class FeedFormatBenchmark : IBenchmark
{
    private const int EntriesPerDocument = 50;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public string Name => "feed-format";

    public string Description => "CPU per feed document written, RSS / Atom / JSON Feed, from extracted entries [--dataset DIR] [--rounds N] [--warmup N]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var directory = Option(args, "--dataset") ?? DefaultDataset();
        if (directory is null || !ExtractionDataset.Exists(directory))
        {
            Console.Error.WriteLine("feed-format: no data set (../shared/benchmarks/extraction); pass --dataset DIR");
            return Task.FromResult(2);
        }

        var rounds = int.Parse(Option(args, "--rounds") ?? "20", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup") ?? "5", CultureInfo.InvariantCulture);
        var dataset = ExtractionDataset.Load(directory);
        var entries = Extract(dataset);
        var documents = Documents(entries);
        Console.WriteLine($"{entries.Count} entries from {dataset.Name} ({entries.Sum(e => (long)e.Html.Length) / 1024.0:F0} K chars of body HTML), {documents.Count} documents of {EntriesPerDocument} entries; {warmup} warm-up and {rounds} measured rounds");

        IFeedFormatter[] formatters = [new RssFeedFormatter(), new AtomFeedFormatter(), new JsonFeedFormatter()];
        var digests = formatters.Select(f => Digest(f, documents)).ToList();
        for (var round = 0; round < warmup; round++)
        {
            foreach (var formatter in formatters)
            {
                FormatAll(formatter, documents);
            }
        }

        // Formats take turns within each round, so a busy spell on a shared machine falls on all of them alike.
        var cpu = formatters.Select(_ => new List<double>()).ToList();
        var wall = formatters.Select(_ => new List<double>()).ToList();
        var allocated = new long[formatters.Length];
        var gen2 = new int[formatters.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var f = 0; f < formatters.Length; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var gen2Before = GC.CollectionCount(2);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                FormatAll(formatters[f], documents);
                wall[f].Add(stopwatch.Elapsed.TotalMilliseconds);
                cpu[f].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
                allocated[f] += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                gen2[f] += GC.CollectionCount(2) - gen2Before;
            }
        }

        var results = new List<Dictionary<string, object>>();
        for (var f = 0; f < formatters.Length; f++)
        {
            var (digest, bytes) = digests[f];
            var allocatedPerDocument = allocated[f] / (double)rounds / documents.Count;
            var cpuPerDocument = Median(cpu[f]) / documents.Count;
            var wallPerDocument = Median(wall[f]) / documents.Count;
            Console.WriteLine($"{formatters[f].FileName,-9} cpu {cpuPerDocument,7:F3} ms/doc  wall {wallPerDocument,7:F3} ms/doc  alloc {allocatedPerDocument / 1024.0,6:F0} KB/doc  out {bytes / documents.Count / 1024.0,4:F0} KB/doc  gen2 GCs {gen2[f],3}  sha256 {digest[..16]}");
            results.Add(new Dictionary<string, object>
            {
                ["format"] = formatters[f].FileName,
                ["documents"] = documents.Count,
                ["cpu_ms_per_doc"] = Math.Round(cpuPerDocument, 3),
                ["wall_ms_per_doc"] = Math.Round(wallPerDocument, 3),
                ["alloc_kb_per_doc"] = Math.Round(allocatedPerDocument / 1024.0, 1),
                ["gen2_collections"] = gen2[f],
                ["sha256"] = digest,
            });
        }

        Console.WriteLine($"all formats: cpu {results.Sum(r => (double)r["cpu_ms_per_doc"]):F3} ms per document set (RSS + Atom + JSON)");
        foreach (var result in results)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }

        return Task.FromResult(0);
    }

    private static List<Entry> Extract(ExtractionDataset dataset)
    {
        var extractor = ArticleExtractor.Create();
        var entries = new List<Entry>();
        foreach (var page in dataset.Pages)
        {
            ExtractedArticle article;
            try
            {
                article = extractor.Extract(new ArticleSource(page.Id + ".html", page.Html, BaseUrl: Uri.TryCreate(page.Url, UriKind.Absolute, out var url) ? url : null));
            }
            catch (ExtractionException)
            {
                continue;
            }

            var index = entries.Count;
            var published = article.Published ?? Now.AddMinutes(-index);
            var id = page.Id[..Math.Min(16, page.Id.Length)];
            entries.Add(new Entry
            {
                Id = id,
                Version = page.Id,
                Source = page.Id + ".html",
                Title = article.Title,
                Url = article.CanonicalUrl ?? $"https://news.example/articles/{id}",
                Published = published,
                Updated = article.Updated ?? published.AddSeconds(index % 7),
                Author = article.Author ?? (index % 3 == 0 ? null : "Aigerim Bekova"),
                Language = article.Language ?? "en",
                Image = article.Image,
                Tags = article.Tags.Count > 0 ? article.Tags : ["Economy", "Central Asia"],
                CanonicalUrl = article.CanonicalUrl,
                // Every fourth entry is one language version of a story, as the publisher's per-language feeds carry them.
                Translations = index % 4 == 0 ? [new EntryTranslation("ru", $"https://news.example/ru/articles/{id}"), new EntryTranslation("kk", $"https://news.example/kk/articles/{id}")] : [],
                Text = article.Text,
                Html = article.Html,
                Summary = article.Summary,
                IngestedAt = Now,
            });
        }

        return entries;
    }

    /// <summary>Every window of 50 entries, 25 apart: head documents first, then archive pages chained to each other.</summary>
    private static List<FeedDocument> Documents(List<Entry> entries)
    {
        var documents = new List<FeedDocument>();
        for (var start = 0; start + EntriesPerDocument <= entries.Count; start += EntriesPerDocument / 2)
        {
            var page = documents.Count;
            var slice = entries.GetRange(start, EntriesPerDocument);
            var scope = page % 3 == 0 ? FeedScope.Site("News Example") : page % 3 == 1 ? new FeedScope("en", "News Example (en)", "en") : new FeedScope("tags/economy", "Economy", Tag: "Economy");
            documents.Add(new FeedDocument
            {
                Scope = scope,
                Title = scope.Title,
                Subtitle = "News and analysis from Central Asia",
                Language = scope.Language,
                SiteUrl = "https://news.example/",
                BaseUrl = "https://news.example/feeds/" + scope.Prefix,
                HubUrl = "https://hub.example/",
                IconUrl = "https://news.example/icon.png",
                Updated = slice.Max(e => e.Updated),
                Entries = slice,
                ArchivePage = page % 2 == 1 ? $"archive/{page}" : null,
                PrevArchive = page > 0 ? $"archive/{page - 1}" : null,
                NextArchive = page % 2 == 1 ? $"archive/{page + 1}" : null,
            });
        }

        return documents;
    }

    private static void FormatAll(IFeedFormatter formatter, List<FeedDocument> documents)
    {
        foreach (var document in documents)
        {
            formatter.Format(document);
        }
    }

    private static (string Digest, long Bytes) Digest(IFeedFormatter formatter, List<FeedDocument> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = 0L;
        foreach (var document in documents)
        {
            var output = formatter.Format(document);
            bytes += output.Length;
            hash.AppendData(output);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary><c>shared/benchmarks/extraction</c> beside one of the folders above the current one.</summary>
    private static string? DefaultDataset()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "benchmarks", "extraction");
            if (ExtractionDataset.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
