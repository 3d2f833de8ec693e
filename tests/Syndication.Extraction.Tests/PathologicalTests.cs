using System.Diagnostics;
using System.Text;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

public class PathologicalTests
{
    // The target is under a second; these pages take 0.03-0.45 s of the extracting thread's CPU. The bound is on that CPU
    // time, which a shared CI runner's other work barely moves, so it can sit close enough (about 4x the slowest page) to
    // catch a linear slowdown of a few times, not only a quadratic one. Wall clock on the same shared 2-core machine ran
    // 4-9x the CPU time (tables.html: 0.44 s CPU, 4.0 s wall), so it only guards against hangs, and elsewhere, where
    // thread CPU time is not readable.
    private static readonly TimeSpan CpuBound = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WallBound = TimeSpan.FromSeconds(30);

    private const string Paragraph = "<p>This paragraph repeats to make the page very large, as a broken export might do, with commas, clauses, and a full stop.</p>";

    [Theory]
    [InlineData("deep", "<div>")]
    [InlineData("unclosed", "<span><b><i>x ")]
    public void Extract_TwentyMegabytesDeeplyNested_FinishesQuickly(string kind, string opener)
    {
        var html = new StringBuilder("<html><head><title>Deep page</title></head><body>");
        for (var i = 0; i < 50_000; i++)
        {
            html.Append(opener);
        }

        while (html.Length < 20_000_000)
        {
            html.Append(Paragraph);
        }

        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        var article = Timed($"{kind} 20 MB page", () => Extractors.FromBytes(bytes, $"{kind}.html"));

        Assert.Contains("This paragraph repeats", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HundredsOfThousandsOfTinyTables_FinishesQuicklyWithClearOutcome()
    {
        // Parse time grows with the element count, not just depth: 20 MB of small nested tables is ~1.5 M elements.
        var html = new StringBuilder("<html><head><title>Tables</title></head><body>");
        while (html.Length < 20_000_000)
        {
            html.Append("<table><tr><td><table><tr><td>cell</td></tr></table></td></tr></table>");
        }

        var text = html.ToString();
        var error = Timed("tables.html", () => Record.Exception(() => Extractors.FromHtml(text, "tables.html")));

        Assert.True(error is ExtractionException, $"tables.html: expected 'no article body', got {error?.GetType().Name ?? "an article"}: {error?.Message}");
    }

    [Fact]
    public void Extract_OneTwentyMegabyteParagraph_KeepsItsBeginning()
    {
        // Cutting an oversized upload before its last tag would leave nothing of a page that is one long paragraph.
        var html = "<html><head><title>Dump</title></head><body><p>" + string.Concat(Enumerable.Repeat("The grid plan puts wind first. ", 650_000));

        var article = Timed("dump.html", () => Extractors.FromHtml(html, "dump.html"));

        Assert.StartsWith("The grid plan puts wind first.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TruncatedAfterNestingStarts_ThrowsOrExtractsWithoutHanging()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><table><tr><td>", 50_000));

        var error = Timed("nested.html", () => Record.Exception(() => Extractors.FromHtml(html, "nested.html")));

        Assert.True(error is null or ExtractionException, $"nested.html: unexpected {error?.GetType().Name}: {error?.Message}");
    }

    /// <summary>Runs <paramref name="extract"/> after a warm-up (JIT is not the page's cost) and asserts both bounds.</summary>
    private static T Timed<T>(string page, Func<T> extract)
    {
        Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs));
        var cpuBefore = ThreadCpuClock.Now();
        var stopwatch = Stopwatch.StartNew();
        var result = extract();
        stopwatch.Stop();
        var cpu = ThreadCpuClock.Now() - cpuBefore;

        Assert.True(cpu is null || cpu < CpuBound, $"{page} took {cpu?.TotalSeconds:F2} s of CPU (bound {CpuBound.TotalSeconds} s), {stopwatch.Elapsed.TotalSeconds:F2} s wall");
        Assert.True(stopwatch.Elapsed < WallBound, $"{page} took {stopwatch.Elapsed.TotalSeconds:F2} s wall (bound {WallBound.TotalSeconds} s), {cpu?.TotalSeconds:F2} s of CPU");
        return result;
    }
}
