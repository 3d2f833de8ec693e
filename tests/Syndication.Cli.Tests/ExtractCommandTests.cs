using System.Globalization;
using System.Text;
using System.Text.Json;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary><c>extract --list</c> over many inputs: pages are extracted in parallel, but the output is the list's.</summary>
public sealed class ExtractCommandTests
{
    [Fact]
    public async Task ExtractList_FortyInputsWithFailuresInTheMiddle_OneLinePerInputInInputOrderAndExit2()
    {
        using var temp = new TempFolder();
        // Sizes differ a lot (every fifth page is long), so pages finish out of order when extracted in parallel.
        var inputs = Enumerable.Range(0, 40).Select(i => new Input(temp.File($"page-{i:D2}.html"), $"Wind farm number {i} opens on the steppe", "")).ToList();
        inputs[12] = inputs[12] with { Path = temp.File("missing.html"), Error = "file not found" };
        inputs[20] = inputs[20] with { Path = temp.File("empty.html"), Error = "empty" };
        inputs[27] = inputs[27] with { Path = temp.File("image.html"), Error = "not a text page" };
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Error.Length == 0)
            {
                await File.WriteAllTextAsync(inputs[i].Path, Page(inputs[i].Title, paragraphs: i % 5 == 0 ? 400 : 4 + i % 3));
            }
        }

        await File.WriteAllBytesAsync(temp.File("empty.html"), []);
        await File.WriteAllBytesAsync(temp.File("image.html"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        var list = temp.File("pages.list");
        await File.WriteAllLinesAsync(list, inputs.Select(i => i.Path));

        var result = await CliProcess.RunAsync(["extract", "--list", list]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == inputs.Count, $"{lines.Length} lines for {inputs.Count} inputs\n{result}");
        for (var i = 0; i < inputs.Count; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            var root = line.RootElement;
            Assert.True(root.GetProperty("source").GetString() == inputs[i].Path, $"line {i + 1} should be for {inputs[i].Path}: {Short(lines[i])}");
            if (inputs[i].Error.Length > 0)
            {
                Assert.True(root.TryGetProperty("error", out var error), $"line {i + 1} ({inputs[i].Path}) should be an error line: {Short(lines[i])}");
                Assert.Contains(inputs[i].Error, error.GetString(), StringComparison.Ordinal);
                Assert.False(root.TryGetProperty("title", out _), $"error line {i + 1} should carry no article: {Short(lines[i])}");
            }
            else
            {
                Assert.True(root.GetProperty("title").GetString() == inputs[i].Title, $"line {i + 1} ({inputs[i].Path}) has the wrong article: {Short(lines[i])}");
                Assert.Contains($"Paragraph 1 of {inputs[i].Title}", root.GetProperty("text").GetString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ExtractList_AllGood_Exit0AndSameLinesAsOneFileAtATime()
    {
        using var temp = new TempFolder();
        var paths = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            paths.Add(temp.File($"story-{i}.html"));
            await File.WriteAllTextAsync(paths[^1], Page($"Grid operator story {i} about new power lines", paragraphs: i % 2 == 0 ? 150 : 5));
        }

        var list = temp.File("pages.list");
        await File.WriteAllLinesAsync(list, paths);

        var batch = await CliProcess.RunAsync(["extract", "--list", list]);

        Assert.True(batch.ExitCode == 0, batch.ToString());
        var lines = batch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == paths.Count, batch.ToString());
        for (var i = 0; i < paths.Count; i++)
        {
            var single = await CliProcess.RunAsync(["extract", paths[i]]);
            Assert.True(single.ExitCode == 0, single.ToString());
            Assert.True(single.Stdout.Trim() == lines[i], $"{paths[i]}: the batch line differs from extracting the file alone\nbatch:  {Short(lines[i])}\nsingle: {Short(single.Stdout.Trim())}");
        }
    }

    [Fact]
    public async Task Extract_SummaryLengthFromEnvironment_IsBoundAndUsed()
    {
        using var temp = new TempFolder();
        var path = temp.File("long.html");
        await File.WriteAllTextAsync(path, Page("Grain exports rise for the third year", paragraphs: 12));

        var result = await CliProcess.RunAsync(["extract", path], environment: new Dictionary<string, string> { ["Ingest__SummaryMaxChars"] = "120" });

        Assert.True(result.ExitCode == 0, result.ToString());
        using var line = JsonDocument.Parse(result.Stdout);
        var summary = line.RootElement.GetProperty("summary").GetString() ?? "";
        Assert.InRange(summary.Length, 1, 120);
    }

    [Fact]
    public async Task Extract_InvalidSummaryLength_ClearErrorBeforeAnyPage()
    {
        using var temp = new TempFolder();
        var path = temp.File("page.html");
        await File.WriteAllTextAsync(path, Page("Grain exports rise for the third year", paragraphs: 3));

        var result = await CliProcess.RunAsync(["extract", path], environment: new Dictionary<string, string> { ["Ingest__SummaryMaxChars"] = "10" });

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains("invalid configuration: SummaryMaxChars", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static string Page(string title, int paragraphs)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>");
        html.Append("<nav><a href=\"/\">Home</a> <a href=\"/energy\">Energy</a></nav><article>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{title}</h1>");
        for (var p = 1; p <= paragraphs; p++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Paragraph {p} of {title}. The turbines along the line feed the southern grid, and engineers from the regional operator say the new capacity will cover the winter peak in the cities.</p>");
        }

        return html.Append("</article><footer>Contact us</footer></body></html>").ToString();
    }

    private static string Short(string line) => line.Length <= 300 ? line : line[..300] + "…";

    private sealed record Input(string Path, string Title, string Error);
}
