using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Extraction;
using Syndication.Extraction.Summaries;

namespace Syndication.Benchmarks;

/// <summary>
/// Body-extraction quality and speed of our extractor against SmartReader (the .NET Readability port) on the same
/// pages in the same process: F1 by the dataset's shingle metric, pages per second over the whole set after a warm-up.
/// </summary>
public sealed partial class ExtractionBenchmark : IBenchmark
{
    public string Name => "extraction";

    public string Description => "body F1 and pages/s: ours vs SmartReader 0.11.1 [--dataset DIR] [--rounds N]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dataset = Option(args, "--dataset") ?? DefaultDataset();
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        if (dataset is null || !File.Exists(Path.Combine(dataset, "ground-truth.json")))
        {
            Console.Error.WriteLine($"extraction: no dataset at '{dataset ?? "../shared/benchmarks/extraction"}' (expected ground-truth.json and html/); pass --dataset DIR");
            return Task.FromResult(66);
        }

        var pages = ExtractionDataset.Load(dataset);
        Console.WriteLine($"dataset: {dataset} ({pages.Count} pages, {pages.Sum(p => (long)p.Html.Length) / 1024.0 / 1024.0:F1} MB)");

        var summarizer = new SentenceSummarizer();
        var ours = new ArticleExtractor(summarizer, Options.Create(new IngestOptions()));
        var extractors = new (string Name, Func<ExtractionPage, string> Run)[]
        {
            ("syndication", page =>
            {
                try
                {
                    return ours.Extract(new ArticleSource(page.Id + ".html", page.Html)).Text;
                }
                catch (ExtractionException)
                {
                    return "";
                }
            }),
            ("smartreader-0.11.1", page =>
            {
                // SmartReader takes text; decoding is part of its cost as it is part of ours.
                var html = Encoding.UTF8.GetString(page.Html);
                var article = new SmartReader.Reader(page.Url, html).GetArticle();
                return article.IsReadable ? article.TextContent ?? "" : "";
            }),
        };

        // Warm-up: JIT, regex compilation and caches for both, on a slice of the pages.
        foreach (var (_, run) in extractors)
        {
            foreach (var page in pages.Take(25))
            {
                run(page);
            }
        }

        var results = new Dictionary<string, (ExtractionScore Score, double PagesPerSecond)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in extractors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outputs = new string[pages.Count];
                var stopwatch = Stopwatch.StartNew();
                for (var i = 0; i < pages.Count; i++)
                {
                    outputs[i] = run(pages[i]);
                }

                stopwatch.Stop();
                var pagesPerSecond = pages.Count / stopwatch.Elapsed.TotalSeconds;
                Console.WriteLine($"round {round + 1}: {name,-20} {pagesPerSecond,8:F1} pages/s");
                var score = results.TryGetValue(name, out var previous) ? previous.Score : ExtractionScore.Of(pages, outputs);
                // Best round: the least disturbed by other processes on a shared machine.
                results[name] = (score, Math.Max(pagesPerSecond, previous.PagesPerSecond));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"extractor",-20} {"F1",7} {"precision",10} {"recall",7} {"pages/s",9}");
        foreach (var (name, (score, speed)) in results)
        {
            Console.WriteLine($"{name,-20} {score.F1,7:F4} {score.Precision,10:F4} {score.Recall,7:F4} {speed,9:F1}");
        }

        var ratio = results["syndication"].PagesPerSecond / results["smartreader-0.11.1"].PagesPerSecond;
        Console.WriteLine($"speed ratio (ours / SmartReader): {ratio:F2}x");
        foreach (var (name, (score, speed)) in results)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["extractor"] = name,
                ["f1"] = Math.Round(score.F1, 4),
                ["precision"] = Math.Round(score.Precision, 4),
                ["recall"] = Math.Round(score.Recall, 4),
                ["pages_per_s"] = Math.Round(speed, 1),
            }));
        }

        return Task.FromResult(0);
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary><c>../shared/benchmarks/extraction</c> relative to the repository root (the folder holding Syndication.sln).</summary>
    private static string? DefaultDataset()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Syndication.sln")))
                {
                    return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "benchmarks", "extraction"));
                }
            }
        }

        return null;
    }
}

/// <summary>One benchmark page: gzip-decompressed bytes and the annotated body.</summary>
public sealed record ExtractionPage(string Id, string Url, byte[] Html, string Truth);

/// <summary>Reads the dataset layout described in its README (<c>html/&lt;id&gt;.html.gz</c> + <c>ground-truth.json</c>).</summary>
public static class ExtractionDataset
{
    public static List<ExtractionPage> Load(string directory)
    {
        using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "ground-truth.json")));
        var pages = new List<ExtractionPage>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            using var file = File.OpenRead(Path.Combine(directory, "html", entry.Name + ".html.gz"));
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            pages.Add(new ExtractionPage(entry.Name, entry.Value.GetProperty("url").GetString() ?? "", bytes.ToArray(), entry.Value.GetProperty("articleBody").GetString() ?? ""));
        }

        return pages;
    }
}

/// <summary>The dataset's metric: token 4-gram shingles, precision over non-empty predictions, recall over all pages.</summary>
public sealed partial record ExtractionScore(double Precision, double Recall)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static ExtractionScore Of(IReadOnlyList<ExtractionPage> pages, IReadOnlyList<string> predictions)
    {
        double precisionSum = 0, recallSum = 0;
        var predicted = 0;
        for (var i = 0; i < pages.Count; i++)
        {
            var truth = Shingles(pages[i].Truth);
            var prediction = Shingles(predictions[i]);
            int tp = 0, fp = 0, fn = 0;
            foreach (var (shingle, count) in truth)
            {
                var other = prediction.GetValueOrDefault(shingle);
                tp += Math.Min(count, other);
                fn += Math.Max(0, count - other);
            }

            foreach (var (shingle, count) in prediction)
            {
                fp += Math.Max(0, count - truth.GetValueOrDefault(shingle));
            }

            recallSum += tp + fn == 0 ? 1 : (double)tp / (tp + fn);
            if (prediction.Count > 0)
            {
                predicted++;
                precisionSum += tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            }
        }

        return new ExtractionScore(predicted == 0 ? 0 : precisionSum / predicted, pages.Count == 0 ? 0 : recallSum / pages.Count);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Word().Matches(text).Select(m => m.Value).ToList();
        var shingles = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return shingles;
        }

        var size = Math.Min(4, tokens.Count);
        for (var i = 0; i + size <= tokens.Count; i++)
        {
            var key = string.Join('\u0001', tokens.GetRange(i, size));
            shingles[key] = shingles.GetValueOrDefault(key) + 1;
        }

        return shingles;
    }

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
