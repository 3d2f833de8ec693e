using System.Diagnostics;
using System.Text;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

public class PathologicalTests
{
    // The target is about a second on an idle machine; the bound leaves room for a loaded CI runner while still
    // failing on anything quadratic (which takes minutes at this size).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

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
        var stopwatch = Stopwatch.StartNew();
        var article = Extractors.FromBytes(bytes, $"{kind}.html");
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < Bound, $"{kind} 20 MB page took {stopwatch.Elapsed.TotalSeconds:F1} s");
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

        var stopwatch = Stopwatch.StartNew();
        var error = Record.Exception(() => Extractors.FromHtml(html.ToString(), "tables.html"));
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < Bound, $"tables.html took {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(error is ExtractionException, $"tables.html: expected 'no article body', got {error?.GetType().Name ?? "an article"}: {error?.Message}");
    }

    [Fact]
    public void Extract_OneTwentyMegabyteParagraph_KeepsItsBeginning()
    {
        // Cutting an oversized upload before its last tag would leave nothing of a page that is one long paragraph.
        var html = "<html><head><title>Dump</title></head><body><p>" + string.Concat(Enumerable.Repeat("The grid plan puts wind first. ", 650_000));
        var stopwatch = Stopwatch.StartNew();

        var article = Extractors.FromHtml(html, "dump.html");

        Assert.True(stopwatch.Elapsed < Bound, $"dump.html took {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.StartsWith("The grid plan puts wind first.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TruncatedAfterNestingStarts_ThrowsOrExtractsWithoutHanging()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><table><tr><td>", 50_000));
        var stopwatch = Stopwatch.StartNew();

        var error = Record.Exception(() => Extractors.FromHtml(html, "nested.html"));

        Assert.True(stopwatch.Elapsed < Bound, $"nested.html took {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(error is null or ExtractionException, $"nested.html: unexpected {error?.GetType().Name}: {error?.Message}");
    }
}
