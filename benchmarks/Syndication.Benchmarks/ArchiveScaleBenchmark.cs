using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Syndication.Core;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Feeds;
using Syndication.Storage.FileSystem;

namespace Syndication.Benchmarks;

/// <summary>
/// Publishing cost against archive size: builds archives of each size on the filesystem store (seeded entries,
/// one bulk rebuild), then times single publishes and counts their blob operations.
/// </summary>
public sealed class ArchiveScaleBenchmark : IBenchmark
{
    private static readonly string[] Languages = ["en", "ru", "kk"];
    private static readonly string[] Tags = [.. Enumerable.Range(1, 20).Select(i => $"Topic {i}")];
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "archive-scale";

    public string Description => "per-publish time and blob operations at 1k/10k/100k archived entries [--sizes 1000,10000,100000] [--publishes 9] [--root DIR]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizes = Option(args, "--sizes", "1000,10000,100000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var publishes = int.Parse(Option(args, "--publishes", "9"), CultureInfo.InvariantCulture);
        // The filesystem store flushes every write to disk, so on a disk the figures measure fsync latency rather than
        // publishing; /dev/shm (memory) by default where it exists keeps the 100k run to minutes. --root picks a disk.
        var root = Option(args, "--root", Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        Console.WriteLine($"archive-scale: sizes {string.Join(", ", sizes)}, {publishes} publishes each, store under {root}");
        var results = new List<ArchiveScaleResult>();
        foreach (var size in sizes)
        {
            var result = await MeasureAsync(root, size, publishes, cancellationToken);
            results.Add(result);
            Console.WriteLine($"size {size,7:N0}: publish median {result.PublishMs,7:F2} ms (min {result.MinMs:F2}, max {result.MaxMs:F2}), {result.BlobOps} blob ops, rebuild {result.RebuildS:F1} s, seed {result.SeedS:F1} s");
        }

        if (results.Count > 1)
        {
            var first = results[0];
            var last = results[^1];
            Console.WriteLine($"publish time ratio {last.Size:N0} vs {first.Size:N0}: {last.PublishMs / first.PublishMs:F2}x; blob ops {first.BlobOps} vs {last.BlobOps}");
        }

        foreach (var result in results)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["size"] = result.Size,
                ["publish_ms"] = Math.Round(result.PublishMs, 3),
                ["blob_ops"] = result.BlobOps,
                ["rebuild_s"] = Math.Round(result.RebuildS, 2),
            }));
        }

        return 0;
    }

    private static async Task<ArchiveScaleResult> MeasureAsync(string parent, int size, int publishes, CancellationToken cancellationToken)
    {
        var root = Path.Combine(parent, "syndication-archive-scale-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var time = TimeProvider.System;
            var options = Microsoft.Extensions.Options.Options.Create(new FeedsOptions { BaseUrl = new Uri("https://news.example"), Title = "Archive scale" });
            var store = new ArchiveScaleCountingStore(new FileSystemBlobStore(new FileSystemStorageOptions { Root = root }, time));
            var entries = new EntryRepository(store);
            var documents = new FeedDocumentStore(store, [new RssFeedFormatter(), new AtomFeedFormatter(), new JsonFeedFormatter()], options);
            var publisher = new ArchivingFeedPublisher(store, entries, documents, new OpmlWriter(), [], options, time, NullLogger<ArchivingFeedPublisher>.Instance);

            var seed = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (i, ct) => await SeedAsync(store, Make(i), ct));
            seed.Stop();

            var rebuild = Stopwatch.StartNew();
            await publisher.RebuildAsync(cancellationToken);
            rebuild.Stop();

            var timings = new List<double>();
            var operations = new List<int>();
            for (var k = 0; k < publishes; k++)
            {
                // Same shape (language, tag count) at every size, so only the archive size differs.
                var entry = Make(size + k, shape: k);
                await SeedAsync(store, entry, cancellationToken);
                store.Reset();
                var watch = Stopwatch.StartNew();
                await publisher.PublishAsync([new PublishMessage(entry.Id, EntryChangeKind.Published, entry.Version)], cancellationToken);
                watch.Stop();
                timings.Add(watch.Elapsed.TotalMilliseconds);
                operations.Add(store.Operations);
            }

            return new ArchiveScaleResult(size, Median(timings), timings.Min(), timings.Max(), (int)Median([.. operations.Select(o => (double)o)]), rebuild.Elapsed.TotalSeconds, seed.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A deterministic entry: newer with each number, one language, one or two of twenty tags, ~1.5 KB of HTML.</summary>
    /// <summary>Puts an entry into <c>entries/</c> as the journal stores it; the publisher reads only the content.</summary>
    private static Task<string> SeedAsync(Syndication.Core.Storage.IBlobStore store, Entry entry, CancellationToken cancellationToken) =>
        Syndication.Core.Storage.BlobStoreExtensions.PutJsonAsync(store, Syndication.Core.Storage.Containers.Entries, EntryRepository.BlobName(entry.Id), entry, StoredJson.Options, null, false, cancellationToken);

    private static Entry Make(int i, int? shape = null)
    {
        var random = new Random(shape ?? i);
        var tags = random.Next(3) == 0 ? new[] { Tags[random.Next(Tags.Length)], Tags[random.Next(Tags.Length)] }.Distinct().ToArray() : [Tags[random.Next(Tags.Length)]];
        var published = Epoch.AddMinutes(i * 7);
        var paragraph = $"<p>Paragraph of article {i} with some <a href=\"https://news.example/related/{i}\">related link</a> and enough words to look like a real news story about the region and its economy.</p>";
        return new Entry
        {
            Id = $"article-{i:D7}",
            Version = $"v{i}",
            Source = $"article-{i:D7}.html",
            Title = $"Article {i}: a headline of typical length for a news site",
            Url = $"https://news.example/articles/article-{i:D7}",
            Published = published,
            Updated = published,
            Author = "Staff writer",
            Language = Languages[random.Next(Languages.Length)],
            Image = random.Next(2) == 0 ? $"https://news.example/img/{i}.jpg" : null,
            Tags = tags,
            Text = $"Text of article {i}.",
            Html = string.Concat(Enumerable.Repeat(paragraph, 6)),
            Summary = $"Summary of article {i}, one or two sentences long, as extraction would produce it.",
            IngestedAt = published,
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private sealed record ArchiveScaleResult(int Size, double PublishMs, double MinMs, double MaxMs, int BlobOps, double RebuildS, double SeedS);
}
