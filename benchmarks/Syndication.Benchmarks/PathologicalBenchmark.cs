using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Syndication.Core.Articles;
using Syndication.Extraction;

namespace Syndication.Benchmarks;

/// <summary>
/// Issue 3's bound: no uploaded page may take more than a second to extract. Generates 20 MB pages of the shapes that
/// are slow for an HTML parser (deep nesting, unclosed tags, hundreds of thousands of tiny elements, huge attributes,
/// one giant text node, megabytes of flat paragraphs) and times the extractor on each, after a warm-up, median of
/// several runs. The outcome is the article or the error an editor would see in quarantine.
/// </summary>
public sealed class PathologicalBenchmark : IBenchmark
{
    private const int TargetChars = 20_000_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    public string Name => "pathological";

    public string Description => "20 MB hostile pages: extraction time of each against the 1 s bound [--runs N]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var index = Array.IndexOf(args, "--runs");
        var runs = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var extractor = ArticleExtractor.Create();
        var pages = new (string Name, string Html)[]
        {
            ("deep-divs", Wrap(Times("<div>", 2_000_000) + "text")),
            ("unclosed-inline", Wrap(Fill("<span><b><i>word "))),
            ("tiny-nested-tables", Wrap(Fill("<table><tr><td><table><tr><td>cell</td></tr></table></td></tr></table>"))),
            ("huge-attributes", Wrap(Fill("<span class='" + new string('x', 1000) + "' data-a='" + new string('y', 1000) + "'>a</span>"))),
            ("one-text-node", Wrap("<p>" + Fill("word "))),
            ("flat-paragraphs", Wrap(Fill("<p>The grid plan puts wind first, the ministry said on Monday, and tariffs will rise slowly.</p>\n"))),
            ("deep-then-article", Wrap(Times("<div>", 50_000) + Fill("<p>This paragraph repeats, as a broken export might do, with a full stop.</p>"))),
        };

        var failed = 0;
        var results = new List<Dictionary<string, object>>();
        foreach (var (name, html) in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = Encoding.UTF8.GetBytes(html);
            var outcome = Run(extractor, name, bytes); // warm-up: JIT and caches, as in a running worker
            var times = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var stopwatch = Stopwatch.StartNew();
                outcome = Run(extractor, name, bytes);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var median = times[times.Count / 2];
            var within = median <= Bound.TotalMilliseconds;
            failed += within ? 0 : 1;
            Console.WriteLine($"{name,-20} {bytes.Length / 1024.0 / 1024.0,6:F1} MB  median {median,7:F0} ms  max {times[^1],7:F0} ms  {(within ? "ok" : "OVER 1 s")}  {outcome}");
            results.Add(new Dictionary<string, object>
            {
                ["page"] = name,
                ["mb"] = Math.Round(bytes.Length / 1024.0 / 1024.0, 1),
                ["median_ms"] = Math.Round(median, 1),
                ["max_ms"] = Math.Round(times[^1], 1),
                ["within_1s"] = within,
                ["outcome"] = outcome,
            });
        }

        foreach (var result in results)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }

        return Task.FromResult(failed == 0 ? 0 : 1);
    }

    private static string Run(ArticleExtractor extractor, string name, byte[] bytes)
    {
        try
        {
            var article = extractor.Extract(new ArticleSource(name + ".html", bytes));
            return $"article: {article.Text.Length} chars of text";
        }
        catch (ExtractionException ex)
        {
            return "quarantined: " + ex.Message;
        }
    }

    private static string Wrap(string body) => "<html><head><title>Pathological</title></head><body>" + body + "</body></html>";

    /// <summary><paramref name="unit"/> repeated to about 20 MB.</summary>
    private static string Fill(string unit) => Times(unit, TargetChars / unit.Length);

    private static string Times(string unit, int count) => new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();
}
