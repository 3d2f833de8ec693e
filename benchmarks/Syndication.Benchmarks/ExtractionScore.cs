using System.Text.RegularExpressions;

namespace Syndication.Benchmarks;

/// <summary>
/// Precision, recall and F of one extractor on one data set, by that data set's metric, with each page's own score
/// (for the list of worst pages).
/// </summary>
public sealed partial record ExtractionScore(double Precision, double Recall, double F1, IReadOnlyList<ExtractionPageScore> PerPage)
{
    public static ExtractionScore Of(ExtractionMetric metric, IReadOnlyList<ExtractionPage> pages, IReadOnlyList<string> predictions) =>
        metric == ExtractionMetric.Segments ? OfSegments(pages, predictions) : OfShingles(pages, predictions);

    /// <summary>
    /// Token 4-gram shingles (the 181-page set's evaluate.py): precision is the mean over pages with a non-empty
    /// prediction, recall the mean over all pages, F1 their harmonic mean.
    /// </summary>
    private static ExtractionScore OfShingles(IReadOnlyList<ExtractionPage> pages, IReadOnlyList<string> predictions)
    {
        double precisionSum = 0, recallSum = 0;
        var predicted = 0;
        var perPage = new List<ExtractionPageScore>(pages.Count);
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

            var recall = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
            var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            recallSum += recall;
            if (prediction.Count > 0)
            {
                predicted++;
                precisionSum += precision;
            }

            perPage.Add(new ExtractionPageScore(pages[i].Id, pages[i].Url, Harmonic(precision, recall), $"P {precision:F2} R {recall:F2}"));
        }

        var p = predicted == 0 ? 0 : precisionSum / predicted;
        var r = pages.Count == 0 ? 0 : recallSum / pages.Count;
        return new ExtractionScore(p, r, Harmonic(p, r), perPage);
    }

    /// <summary>
    /// Segments (the multilingual set's README): whitespace runs collapsed to one space and trimmed on both sides; a
    /// segment counts when it is a case-sensitive substring of the text; tp/fp/fn summed over all pages, then
    /// P = tp/(tp+fp), R = tp/(tp+fn), F = 2tp/(2tp+fp+fn). A page with no text has every "with" segment as fn.
    /// </summary>
    private static ExtractionScore OfSegments(IReadOnlyList<ExtractionPage> pages, IReadOnlyList<string> predictions)
    {
        int tp = 0, fp = 0, fn = 0;
        var perPage = new List<ExtractionPageScore>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var text = Normalise(predictions[i]);
            int pageTp = 0, pageFp = 0, pageFn = 0;
            foreach (var segment in pages[i].With)
            {
                if (text.Length > 0 && text.Contains(Normalise(segment), StringComparison.Ordinal))
                {
                    pageTp++;
                }
                else
                {
                    pageFn++;
                }
            }

            foreach (var segment in pages[i].Without)
            {
                if (text.Length > 0 && text.Contains(Normalise(segment), StringComparison.Ordinal))
                {
                    pageFp++;
                }
            }

            tp += pageTp;
            fp += pageFp;
            fn += pageFn;
            var f = 2 * pageTp + pageFp + pageFn == 0 ? 1 : 2.0 * pageTp / (2 * pageTp + pageFp + pageFn);
            perPage.Add(new ExtractionPageScore(pages[i].Id, pages[i].Url, f, $"with {pageTp}/{pages[i].With.Count} found, without {pageFp}/{pages[i].Without.Count} leaked{(text.Length == 0 ? ", no text" : "")}"));
        }

        var p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new ExtractionScore(p, r, 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn), perPage);
    }

    private static double Harmonic(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

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

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

/// <summary>One page's score by the data set's metric (F in 0..1) and a short reason to read.</summary>
public sealed record ExtractionPageScore(string Id, string Url, double F, string Detail);
