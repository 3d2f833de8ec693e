using Syndication.Testing;

namespace Syndication.Cli.Tests;

public sealed class CliErrorTests
{
    [Fact]
    public async Task Extract_MissingFileAmongGood_PrintsErrorLineAndExits2()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.html");
        await File.WriteAllTextAsync(good, "<html><head><title>Wind power in the steppe</title></head><body><article><h1>Wind power in the steppe</h1>"
            + string.Concat(Enumerable.Repeat("<p>Kazakhstan is adding wind farms along the steppe, and the grid operator is planning new lines to carry the power to the cities in the south.</p>", 6))
            + "</article></body></html>");

        var result = await CliProcess.RunAsync(["extract", temp.File("missing.html"), good]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var missing = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal(temp.File("missing.html"), missing.RootElement.GetProperty("source").GetString());
        Assert.Equal("file not found", missing.RootElement.GetProperty("error").GetString());
        using var article = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.Equal("Wind power in the steppe", article.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Upload_MissingFile_OneLineErrorNoStackTrace()
    {
        using var temp = new TempFolder();

        var result = await CliProcess.RunAsync(["upload", "--data", temp.File("data"), temp.File("nope.html")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: file not found: {temp.File("nope.html")}", result.Stderr.Trim());
    }

    [Fact]
    public async Task Run_DataFolderCannotBeCreated_ClearError()
    {
        using var temp = new TempFolder();
        var blocker = temp.File("a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");

        var result = await CliProcess.RunAsync(["run", "--once", "--data", Path.Combine(blocker, "data")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: data folder '{Path.Combine(blocker, "data")}' cannot be used", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_FeedsFolderBlockedByAFile_SaysPublishingDidNotFinishAndExits1WhileTheMessageWaits()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var upload = await CliProcess.RunAsync(["upload", "--data", data, Path.Combine(CliProcess.SamplesFolder, "en-water-diplomacy.html")]);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        await File.WriteAllTextAsync(Path.Combine(data, "feeds"), "a file where the feeds folder belongs");

        var blocked = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(blocked.ExitCode == 1, blocked.ToString());
        Assert.Contains("The publish queue's handler failed", blocked.Stdout, StringComparison.Ordinal);
        Assert.Contains("Publishing did not finish", blocked.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Feeds written to", blocked.Stdout, StringComparison.Ordinal);

        // Still waiting (the message is invisible until its retry): said again, not "written".
        var waiting = await CliProcess.RunAsync(["run", "--once", "--data", data]);
        Assert.True(waiting.ExitCode == 1, waiting.ToString());
        Assert.Contains("Publishing did not finish: 1 publish message(s) wait", waiting.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Feeds written to", waiting.Stdout, StringComparison.Ordinal);

        // status says so too, for people and for scripts.
        var status = await CliProcess.RunAsync(["status", "--data", data]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("waiting 1 publish message(s) not handled yet (the feeds lag behind", System.Text.RegularExpressions.Regex.Replace(status.Stdout, @"\s+", " "), StringComparison.Ordinal);
        var json = await CliProcess.RunAsync(["status", "--json", "--data", data]);
        var lines = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var publish = Assert.Single(lines, l => l.GetProperty("status").GetString() == "waiting");
        Assert.Equal("publish", publish.GetProperty("queue").GetString());
        Assert.Equal(1, publish.GetProperty("messages").GetInt32());
        Assert.Equal("published", lines[0].GetProperty("status").GetString()); // the upload's line comes first, as before
    }

    [Fact]
    public async Task Run_UnknownOption_UsageErrorNonZero()
    {
        var result = await CliProcess.RunAsync(["run", "--bogus"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--bogus", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreachableStorageAccount_ClearErrorNoStackTrace()
    {
        // A port nothing listens on: the account cannot be reached.
        const string Connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;";

        var result = await CliProcess.RunAsync(["run", "--once", "--connection", Connection], timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: storage account unreachable", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_InvalidPartnerRegistry_NamesPartnerAndFieldBeforeAnyWork()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        Directory.CreateDirectory(Path.Combine(data, "config"));
        await File.WriteAllTextAsync(Path.Combine(data, "config", "partners.json"), """
            { "partners": [ { "id": "eurasian-policy", "name": "Institute", "url": "https://partner.example/hooks",
                "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "colour": "blue" } ] }
            """);

        var result = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: config/partners.json is invalid:", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains("eurasian-policy", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("colour", result.Stderr, StringComparison.Ordinal);
    }
}
