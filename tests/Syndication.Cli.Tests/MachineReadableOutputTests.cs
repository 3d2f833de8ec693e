using System.Net;
using System.Text.Json;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary><c>--json</c> of the listing commands, and the data-folder lock of the commands that rewrite the store.</summary>
public sealed class MachineReadableOutputTests
{
    private static readonly Dictionary<string, string> DeadPartnerSettings = new()
    {
        ["Delivery__RetrySchedule__0"] = "00:00:00",
        ["Delivery__Jitter"] = "0",
        ["Delivery__RequireHttps"] = "false",
        ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
        ["PartnerSecrets__p1"] = "whsec_" + Convert.ToBase64String(new byte[32]),
    };

    private static List<JsonElement> Lines(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        })];
    }

    private static async Task<string> PrepareAsync(TempFolder temp)
    {
        var data = temp.File("data");
        Directory.CreateDirectory(Path.Combine(data, "config"));
        var closedPort = FreePorts.Take(1)[0]; // nobody listens: the one attempt fails and the delivery is dead
        await File.WriteAllTextAsync(Path.Combine(data, "config", "partners.json"), $$"""
            { "partners": [ { "id": "p1", "name": "Partner One", "url": "http://127.0.0.1:{{closedPort}}/hooks", "secretRef": "p1", "tags": ["C++"] } ] }
            """);
        var good = Directory.EnumerateFiles(CliProcess.SamplesFolder, "*.html").Order(StringComparer.Ordinal).First();
        var garbage = temp.File("scan.html");
        await File.WriteAllBytesAsync(garbage, [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0, 0, 1, 2, 3]);
        var tagged = temp.File("cpp.md");
        await File.WriteAllTextAsync(tagged, "---\ntitle: Compilers in the steppe\ntags: [C++, C#, C]\ncanonical: \"javascript:alert(document.domain)//\"\n---\n\n"
            + string.Concat(Enumerable.Repeat("Engineers in Almaty compare compilers for the grid operator's new control software, and argue about build times. ", 8)));
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, good, garbage, tagged])).ExitCode);
        var run = await CliProcess.RunAsync(["run", "--once", "--data", data], environment: DeadPartnerSettings);
        Assert.True(run.ExitCode == 1, run.ToString()); // the garbage upload was quarantined
        return data;
    }

    [Fact]
    public async Task ListingCommands_Json_OneObjectPerLineWithTheFields()
    {
        using var temp = new TempFolder();
        var data = await PrepareAsync(temp);

        var status = Lines(await CliProcess.RunAsync(["status", "--json", "--data", data]));
        var quarantine = Lines(await CliProcess.RunAsync(["quarantine", "list", "--json", "--data", data]));
        var deliveries = Lines(await CliProcess.RunAsync(["deliveries", "list", "--json", "--data", data], environment: DeadPartnerSettings));
        var partners = Lines(await CliProcess.RunAsync(["partners", "list", "--json", "--data", data], environment: DeadPartnerSettings));

        Assert.Equal(3, status.Count);
        Assert.Equal("quarantined", status.Single(s => s.GetProperty("name").GetString() == "scan.html").GetProperty("status").GetString());
        var cpp = status.Single(s => s.GetProperty("name").GetString() == "cpp.md");
        Assert.Equal("published", cpp.GetProperty("status").GetString());
        Assert.Equal(["C++", "C#", "C"], cpp.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var record = Assert.Single(quarantine);
        Assert.Equal("scan.html", record.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(record.GetProperty("reason").GetString()));
        Assert.Equal(13, record.GetProperty("bytes").GetInt64());
        Assert.True(DateTimeOffset.TryParse(record.GetProperty("when").GetString(), out _), record.ToString());

        // The partner filters on "C++": only the C++ article went out (and failed), not the C or C# one, nor the sample.
        var delivery = Assert.Single(deliveries);
        Assert.Equal("p1", delivery.GetProperty("partner").GetString());
        Assert.Equal("dead", delivery.GetProperty("status").GetString());
        Assert.Equal(cpp.GetProperty("entry").GetString(), delivery.GetProperty("entry").GetString());

        var partner = Assert.Single(partners);
        Assert.Equal("p1", partner.GetProperty("id").GetString());
        Assert.Equal(1, partner.GetProperty("deliveries").GetProperty("dead").GetInt32());

        // Three tag feeds, not one merged "c" feed; the javascript: canonical went nowhere.
        foreach (var slug in new[] { "c-plus-plus", "c-sharp", "c" })
        {
            Assert.True(File.Exists(Path.Combine(data, "feeds", "tags", slug, "rss.xml")), $"feeds/tags/{slug}/rss.xml is missing");
        }

        var feeds = string.Concat(Directory.EnumerateFiles(Path.Combine(data, "feeds"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain("javascript:", feeds, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Status_JsonWithParkedWork_UploadLinesUnchangedThenOneLinePerParkedMessage()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, LocalPipelineTests.SampleFiles()[0], "--name", "waiting.html"])).ExitCode);
        var before = Lines(await CliProcess.RunAsync(["status", "--json", "--data", data]));
        var (id, body) = await ParkedWork.ParkPublishMessageAsync(data, "stuck-entry");

        var status = Lines(await CliProcess.RunAsync(["status", "--json", "--data", data]));

        Assert.Equal(2, status.Count);
        Assert.Equal(before.Single().ToString(), status[0].ToString()); // the upload's line, field for field
        var parked = status[1];
        Assert.Equal("parked", parked.GetProperty("status").GetString());
        Assert.Equal($"publish-poison/{id}", parked.GetProperty("name").GetString());
        Assert.Equal("publish", parked.GetProperty("queue").GetString());
        Assert.Equal(id, parked.GetProperty("id").GetString());
        Assert.Equal(body, parked.GetProperty("message").GetString());
        Assert.Equal(3, parked.GetProperty("requeues").GetInt32());
        Assert.Contains("publish-poison", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var firstSeen = DateTimeOffset.Parse(parked.GetProperty("firstSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var lastSeen = DateTimeOffset.Parse(parked.GetProperty("lastSeen").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(firstSeen <= lastSeen && lastSeen > DateTimeOffset.UtcNow.AddMinutes(-10), parked.ToString());
    }

    [Fact]
    public async Task PoisonRetry_NameThatStatusPrints_RequeuedWorkedAndNoLongerListed()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var (id, _) = await ParkedWork.ParkPublishMessageAsync(data, "stuck-entry");
        var name = Assert.Single(Lines(await CliProcess.RunAsync(["status", "--json", "--data", data]))).GetProperty("name").GetString()!;

        var retried = await CliProcess.RunAsync(["poison", "retry", name, "--data", data]);

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Contains($"publish-poison/{id}: requeued", retried.Stdout, StringComparison.Ordinal);
        Assert.Empty(Lines(await CliProcess.RunAsync(["status", "--json", "--data", data])));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "queues", "publish-poison"), "*.msg"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "queues", "publish"), "*.msg")); // worked by the drain after the retry
        var again = await CliProcess.RunAsync(["poison", "retry", name, "--data", data]);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("not parked", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaintenanceCommands_WhileRunServes_RefusedButUploadWorks()
    {
        using var temp = new TempFolder();
        var data = await PrepareAsync(temp);
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>(DeadPartnerSettings) { ["Local__ReconcileInterval"] = "00:05:00" };
        using var host = CliProcess.Start(["run", "--data", data, "--urls", $"http://127.0.0.1:{port}"], environment: environment);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await LocalPipelineTests.WaitUntilAsync(async () => (await LocalPipelineTests.TryGetAsync(http, "/healthz"))?.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the host to answer /healthz");

            foreach (var command in new[] { new[] { "feeds", "rebuild" }, ["deliveries", "replay", "--partner", "p1"], ["quarantine", "retry", "--all"], ["poison", "retry", "--all"] })
            {
                var refused = await CliProcess.RunAsync([.. command, "--data", data], environment: DeadPartnerSettings);
                Assert.True(refused.ExitCode != 0, refused.ToString());
                Assert.Contains($"'{string.Join(' ', command.Take(2))}' needs the data folder", refused.Stderr, StringComparison.Ordinal);
            }

            var upload = await CliProcess.RunAsync(["upload", "--data", data, LocalPipelineTests.SampleFiles()[1]]);
            Assert.True(upload.ExitCode == 0, upload.ToString());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }

        var rebuilt = await CliProcess.RunAsync(["feeds", "rebuild", "--data", data], environment: DeadPartnerSettings);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
    }
}
