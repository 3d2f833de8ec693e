using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>The mass-deletion guard through the real CLI: a renamed articles/ folder deletes nothing until confirmed.</summary>
public sealed class MassDeleteTests
{
    [Fact]
    public async Task RunOnce_ArticlesFolderRenamed_ExitsNonZeroAndDeletesNothingUntilAllowMassDelete()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var samples = LocalPipelineTests.SampleFiles().Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Take(3).ToList();
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, .. samples])).ExitCode);
        var first = await CliProcess.RunAsync(["run", "--once", "--data", data]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var entries = Directory.GetFiles(Path.Combine(data, "entries"), "*.json").Length;
        var rss = await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml"));
        Assert.Equal(samples.Count, entries);

        Directory.Move(Path.Combine(data, "articles"), Path.Combine(data, "articles-moved"));
        var refused = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(refused.ExitCode == 3, refused.ToString());
        var said = System.Text.RegularExpressions.Regex.Replace(refused.Stdout, @"\s+", " "); // the console wraps long lines
        Assert.Contains("Deletion refused", said, StringComparison.Ordinal);
        Assert.Contains("articles container (folder) is missing", said, StringComparison.Ordinal);
        Assert.Equal(entries, Directory.GetFiles(Path.Combine(data, "entries"), "*.json").Length);
        Assert.Equal(rss, await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml")));

        var confirmed = await CliProcess.RunAsync(["reconcile", "--allow-mass-delete", "--data", data]);

        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "entries"), "*.json"));
        Assert.DoesNotContain("<item>", await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml")), StringComparison.Ordinal);
    }
}
