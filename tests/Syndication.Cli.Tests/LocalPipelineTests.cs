using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeHollow.FeedReader;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>The README's main job and the local host, end to end on the samples and the filesystem store.</summary>
public sealed class LocalPipelineTests
{
    internal static IReadOnlyList<string> SampleFiles() =>
        Directory.EnumerateFiles(CliProcess.SamplesFolder)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static async Task<IReadOnlyList<string>> EntryTitlesAsync(string data)
    {
        var titles = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json"))
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            titles.Add(json.RootElement.GetProperty("title").GetString()!);
        }

        return titles;
    }

    [Fact]
    public async Task Demo_Samples_RssAndAtomHoldEverySampleReadableByFeedReader()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");

        var result = await CliProcess.RunAsync(["demo", "--data", data]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var said = System.Text.RegularExpressions.Regex.Replace(result.Stdout, @"\s+", " ");
        Assert.Contains(Path.Combine(data, "feeds"), said, StringComparison.Ordinal);
        var samples = SampleFiles();
        Assert.Contains($"received {samples.Count} webhook(s), {samples.Count} with a valid signature", said, StringComparison.Ordinal);
        Assert.True(samples.Count >= 5, $"expected at least 5 samples in {CliProcess.SamplesFolder}");
        var titles = await EntryTitlesAsync(data);
        Assert.Equal(samples.Count, titles.Count);
        foreach (var name in new[] { "rss.xml", "atom.xml" })
        {
            var feed = FeedReader.ReadFromString(await File.ReadAllTextAsync(Path.Combine(data, "feeds", name)));
            Assert.True(samples.Count == feed.Items.Count, $"{name}: {feed.Items.Count} items for {samples.Count} samples");
            Assert.Equal(titles.Order(StringComparer.Ordinal), feed.Items.Select(i => i.Title).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task RunOnce_SameBytesUploadedAgain_ChangesNothing()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var sample = SampleFiles()[0];
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, sample])).ExitCode);
        var first = await CliProcess.RunAsync(["run", "--once", "--data", data]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var snapshot = Snapshot(data);

        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, sample])).ExitCode);
        var second = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(second.ExitCode == 0, second.ToString());
        var after = Snapshot(data);
        Assert.Equal(snapshot.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in snapshot)
        {
            Assert.True(bytes.SequenceEqual(after[path]), $"{path} changed although the same bytes were uploaded again");
        }
    }

    [Fact]
    public async Task RunOnce_GarbageUpload_QuarantinedWithReasonAndOthersPublished()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var garbage = temp.File("garbage.html");
        await File.WriteAllBytesAsync(garbage, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 0xFF]);
        var good = SampleFiles()[0];
        await CliProcess.RunAsync(["upload", "--data", data, garbage, good]);

        var result = await CliProcess.RunAsync(["run", "--once", "--data", data]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(File.Exists(Path.Combine(data, "quarantine", "uploads", "garbage.html")), "the original must be kept in quarantine");
        var listed = await CliProcess.RunAsync(["quarantine", "list", "--data", data]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var record = Assert.Single(Directory.GetFiles(Path.Combine(data, "quarantine", "reasons"), "*.json"));
        using var error = JsonDocument.Parse(await File.ReadAllTextAsync(record));
        Assert.Equal("garbage.html", error.RootElement.GetProperty("source").GetString());
        var reason = error.RootElement.GetProperty("reason").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Single(await EntryTitlesAsync(data));
        Assert.Single(FeedReader.ReadFromString(await File.ReadAllTextAsync(Path.Combine(data, "feeds", "rss.xml"))).Items);
    }

    [Fact]
    public async Task Run_Serving_NewUploadAppearsInFeedAndConditionalGetGives304()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var port = FreePorts.Take(1)[0];
        using var host = CliProcess.Start(["run", "--data", data, "--urls", $"http://127.0.0.1:{port}"],
            environment: new Dictionary<string, string> { ["Local__ReconcileInterval"] = "00:05:00" });
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilAsync(async () => (await TryGetAsync(http, "/healthz"))?.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the host to answer /healthz");

            // Uploaded while the host runs: the watcher must pick it up without waiting for a reconcile.
            Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, SampleFiles()[0]])).ExitCode);
            await WaitUntilAsync(
                async () => (await TryGetAsync(http, "/feeds/rss.xml"))?.StatusCode == HttpStatusCode.OK && (await TryGetAsync(http, "/feeds/atom.xml"))?.StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(15),
                "feeds/rss.xml and feeds/atom.xml to be served");

            using var response = await http.GetAsync("/feeds/rss.xml");
            Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            var etag = response.Headers.ETag;
            Assert.NotNull(etag);
            Assert.NotNull(response.Content.Headers.LastModified);
            Assert.Single(FeedReader.ReadFromString(await response.Content.ReadAsStringAsync()).Items);

            using var byETag = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
            byETag.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(byETag)).StatusCode);

            using var byDate = new HttpRequestMessage(HttpMethod.Get, "/feeds/rss.xml");
            byDate.Headers.IfModifiedSince = response.Content.Headers.LastModified;
            Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(byDate)).StatusCode);

            using var gzip = new HttpRequestMessage(HttpMethod.Get, "/feeds/atom.xml");
            gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            using var zipped = await http.SendAsync(gzip);
            Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
            Assert.Contains("gzip", zipped.Content.Headers.ContentEncoding);

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/feeds/no-such-feed.xml")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/feeds/..%2F..%2Fconfig%2Fpartners.json")).StatusCode);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    internal static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
    }

    private static Dictionary<string, byte[]> Snapshot(string data) =>
        Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}articles{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(data, f), File.ReadAllBytes);
}
