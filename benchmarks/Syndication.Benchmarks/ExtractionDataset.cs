using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Syndication.Benchmarks;

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
