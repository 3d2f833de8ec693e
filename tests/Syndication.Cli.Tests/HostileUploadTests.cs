using System.Text.RegularExpressions;
using CodeHollow.FeedReader;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>Odd uploads beside one good article in one run: the good one is published, each odd one is named.</summary>
public sealed class HostileUploadTests
{
    [Fact]
    public async Task RunOnce_OddUploadsBesideGoodArticle_GoodPublishedEachOddReportedAndCommandsWork()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var good = LocalPipelineTests.SampleFiles().First(f => f.EndsWith(".html", StringComparison.Ordinal));
        var garbage = temp.File("foo.html");
        await File.WriteAllBytesAsync(garbage, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 1, 2, 3, 0xFF]);
        var impostor = temp.File("foo.html.error.json");
        await File.WriteAllTextAsync(impostor, "{\"source\": 42, \"reason\": [\"not a record\"]}");
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, good, garbage, impostor])).ExitCode);
        var articles = Path.Combine(data, "articles");
        await File.WriteAllTextAsync(Path.Combine(articles, "x\\y.html"), "<title>Backslash</title>"); // as a file share would put it
        await File.WriteAllBytesAsync(Path.Combine(articles, "empty.html"), []);
        await File.WriteAllBytesAsync(Path.Combine(articles, "huge.html"), new byte[300_000]);
        var environment = new Dictionary<string, string> { ["Ingest__MaxArticleBytes"] = "200000" };

        var run = await CliProcess.RunAsync(["run", "--once", "--data", data], environment: environment);

        Assert.True(run.ExitCode == 1, run.ToString()); // quarantined uploads: non-zero, but the run completed
        Assert.Single(FeedReader.ReadFromString(await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml"))).Items);
        Assert.True(File.Exists(Path.Combine(articles, "huge.html")), "the oversized original stays in articles/");
        Assert.False(File.Exists(Path.Combine(data, "quarantine", "uploads", "huge.html")), "an oversized upload is not copied");

        var list = await CliProcess.RunAsync(["quarantine", "list", "--data", data], environment: environment);
        var status = await CliProcess.RunAsync(["status", "--data", data], environment: environment);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        foreach (var name in new[] { "foo.html", "foo.html.error.json", "x\\y.html", "empty.html", "huge.html" })
        {
            Assert.True(Regex.IsMatch(list.Stdout, $@"(^|\W){Regex.Escape(name)}(\W|$)", RegexOptions.Multiline), $"quarantine list does not name {name}:\n{list.Stdout}");
        }

        var reasons = Directory.GetFiles(Path.Combine(data, "quarantine", "reasons"), "*.json")
            .Select(f => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .ToDictionary(r => r.GetProperty("source").GetString()!, r => r.GetProperty("reason").GetString()!);
        Assert.Equal("The file is empty (0 bytes).", reasons["empty.html"]);
        Assert.Contains("the limit (Ingest:MaxArticleBytes) is 200,000", reasons["huge.html"], StringComparison.Ordinal);
        Assert.Contains("backslash", reasons["x\\y.html"], StringComparison.Ordinal);
        Assert.Contains("x\\y.html", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAndRun_NamesAtAndOverTheLengthLimit_LongestPublishedLongerNamedAndTheRestUploaded()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var samples = LocalPipelineTests.SampleFiles().Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Take(2).ToList();
        var longest = temp.File(new string('a', 245) + ".html"); // 250 bytes: the longest name the folder store holds
        File.Copy(samples[0], longest);
        var tooLong = temp.File(new string('ж', 123) + ".html"); // 251 bytes in UTF-8, 128 characters
        File.Copy(samples[1], tooLong);
        var other = temp.File("other.html");
        File.Copy(samples[1], other);

        var upload = await CliProcess.RunAsync(["upload", "--data", data, longest, tooLong, other]);

        Assert.True(upload.ExitCode == 2, upload.ToString());
        Assert.Contains(Path.GetFileName(tooLong), upload.Stderr, StringComparison.Ordinal);
        Assert.Contains("at most 250 bytes", upload.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "articles", Path.GetFileName(longest))), upload.ToString());
        Assert.True(File.Exists(Path.Combine(data, "articles", "other.html")), upload.ToString());

        // The same name put straight into the folder (as a file share would) is quarantined by name, not lost.
        var direct = new string('c', 253);
        await File.WriteAllBytesAsync(Path.Combine(data, "articles", direct), await File.ReadAllBytesAsync(samples[1]));
        var run = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(2, FeedReader.ReadFromString(await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml"))).Items.Count);
        var list = await CliProcess.RunAsync(["quarantine", "list", "--json", "--data", data]);
        var quarantined = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("reason").GetString()!);
        Assert.Contains("253", Assert.Contains(direct, quarantined), StringComparison.Ordinal);
        Assert.Single(quarantined);
    }
}
