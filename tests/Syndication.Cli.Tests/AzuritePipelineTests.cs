using System.Text.Json;
using Azure.Storage.Blobs;
using CodeHollow.FeedReader;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary><c>upload</c> + <c>run --once</c> on the Azure adapter (Azurite) give what the folder store gives.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzuritePipelineTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunOnce_OnAzurite_SameEntriesAndFeedItemsAsFilesystem()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var samples = Directory.EnumerateFiles(CliProcess.SamplesFolder).Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)).ToList();

        var fsUpload = await CliProcess.RunAsync(["upload", "--data", data, .. samples]);
        var fsRun = await CliProcess.RunAsync(["run", "--once", "--data", data]);
        Assert.True(fsRun.ExitCode == 0, fsUpload + "\n" + fsRun);
        var azUpload = await CliProcess.RunAsync(["upload", "--connection", azurite.ConnectionString, .. samples]);
        var azRun = await CliProcess.RunAsync(["run", "--once", "--connection", azurite.ConnectionString]);
        Assert.True(azRun.ExitCode == 0, azUpload + "\n" + azRun);

        var service = new BlobServiceClient(azurite.ConnectionString);
        var fsEntries = Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").ToDictionary(f => Path.GetFileName(f), f => Essence(File.ReadAllText(f)));
        var azEntries = new Dictionary<string, string>();
        await foreach (var blob in service.GetBlobContainerClient("entries").GetBlobsAsync())
        {
            if (!blob.Name.Contains('/', StringComparison.Ordinal))
            {
                var content = await service.GetBlobContainerClient("entries").GetBlobClient(blob.Name).DownloadContentAsync();
                azEntries[blob.Name] = Essence(content.Value.Content.ToString());
            }
        }

        Assert.Equal(fsEntries.Keys.Order(StringComparer.Ordinal), azEntries.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, essence) in fsEntries)
        {
            Assert.True(essence == azEntries[name], $"entries/{name} differs between the filesystem and Azurite runs");
        }

        foreach (var feed in new[] { "rss.xml", "atom.xml" })
        {
            var fsFeed = FeedReader.ReadFromString(await File.ReadAllTextAsync(Path.Combine(data, "feeds", feed)));
            var azFeed = FeedReader.ReadFromString((await service.GetBlobContainerClient("feeds").GetBlobClient(feed).DownloadContentAsync()).Value.Content.ToString());
            Assert.Equal(fsFeed.Items.Select(i => i.Id).Order(StringComparer.Ordinal), azFeed.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
            Assert.Equal(samples.Count, azFeed.Items.Count);
        }
    }

    /// <summary>What must match: everything extracted, not the moment it was ingested.</summary>
    private static string Essence(string entryJson)
    {
        using var json = JsonDocument.Parse(entryJson);
        var root = json.RootElement;
        return string.Join('\n', new[] { "id", "version", "source", "title", "url", "author", "language", "image", "text", "html", "summary" }
            .Select(k => root.TryGetProperty(k, out var v) ? v.ToString() : ""));
    }
}
