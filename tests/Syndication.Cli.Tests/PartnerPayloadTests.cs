using System.Text.Json.Nodes;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>
/// Both payload formats as partners receive them from the real CLI: every bundled sample uploaded, <c>run --once</c>
/// delivering over loopback HTTP to a ninjs partner and a syndication partner, each body checked by outside tools
/// (ajv against the schemas in docs/schemas, the npm standardwebhooks verifier).
/// </summary>
public sealed class PartnerPayloadTests
{
    private static Dictionary<string, string> LoopbackDelivery() => new()
    {
        ["Delivery__RetrySchedule__0"] = "00:00:00",
        ["Delivery__RetrySchedule__1"] = "00:00:01",
        ["Delivery__Jitter"] = "0",
        ["Delivery__Timeout"] = "00:00:10",
        ["Delivery__RequireHttps"] = "false",
        ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
    };

    [Fact]
    public async Task RunOnce_EverySample_NinjsPartnerGetsValidSignedNinjsAndSyndicationPartnerGetsSchemaValidBodies()
    {
        await using var ninjs = await PartnerServer.StartAsync();
        await using var syndication = await PartnerServer.StartAsync();
        using var temp = new TempFolder();
        var data = temp.File("data");
        Directory.CreateDirectory(Path.Combine(data, "config"));
        await File.WriteAllTextAsync(Path.Combine(data, "config", "partners.json"),
            PartnerJson.Registry(ninjs.Registration("ninjs", new { format = "ninjs" }), syndication.Registration("syndication")));
        var samples = LocalPipelineTests.SampleFiles();
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, .. samples])).ExitCode);

        var run = await CliProcess.RunAsync(["run", "--once", "--data", data], environment: LoopbackDelivery());

        Assert.True(run.ExitCode == 0, run.ToString());
        var toNinjs = ninjs.Received;
        Assert.True(samples.Count == toNinjs.Count, $"{toNinjs.Count} webhooks for {samples.Count} samples: {run}");
        var (verified, failures) = await NodeTools.VerifyStandardWebhooksAsync(ninjs.Secret, toNinjs);
        Assert.True(failures.Count == 0, "standardwebhooks rejected: " + string.Join("; ", failures));
        Assert.Equal(samples.Count, verified);
        var items = toNinjs.Select(r => JsonNode.Parse(r.Body)!["data"]).ToList();
        var ninjsVerdicts = await NodeTools.ValidateNinjsAsync(items);
        Assert.All(ninjsVerdicts, v => Assert.True(v.Valid, $"not valid ninjs 3.1: {string.Join("; ", v.Errors)}\n{items[v.Index]}"));
        Assert.All(items, i => Assert.Equal("text/html", i!["bodies"]![0]!["contentType"]!.GetValue<string>()));

        var toSyndication = syndication.Received;
        Assert.Equal(samples.Count, toSyndication.Count);
        var bodies = toSyndication.Select(r => JsonNode.Parse(r.Body)).ToList();
        var verdicts = await NodeTools.ValidateAsync(RepositoryPaths.Combine("docs", "schemas", "webhook-syndication.schema.json"), [], bodies);
        Assert.All(verdicts, v => Assert.True(v.Valid, $"does not match docs/schemas/webhook-syndication.schema.json: {string.Join("; ", v.Errors)}\n{bodies[v.Index]}"));

        // The English grid sample names its Russian version (<link rel="alternate" hreflang="ru">): both formats say so.
        var grid = bodies.Single(b => b!["data"]!["id"]!.GetValue<string>().StartsWith("en-grid-investment-", StringComparison.Ordinal))!["data"]!;
        var ruUrl = "https://steppe-policy.example/ru/analytics/grid-investment-2030/";
        Assert.Equal([("ru", ruUrl)], grid["translations"]!.AsArray().Select(t => (t!["language"]!.GetValue<string>(), t["url"]!.GetValue<string>())));
        var gridItem = items.Single(i => i!["altIds"]![0]!["value"]!.GetValue<string>() == grid["id"]!.GetValue<string>())!;
        var translation = gridItem["associations"]!.AsArray().Single(a => a!["rel"]!.GetValue<string>() == "translation")!;
        Assert.Equal("ru", translation["language"]!.GetValue<string>());
        Assert.Equal(ruUrl, translation["renditions"]![0]!["href"]!.GetValue<string>());
        Assert.Equal(grid["story"]!.GetValue<string>(), gridItem["altIds"]![1]!["value"]!.GetValue<string>());

        // Both formats describe the same articles: the ninjs entry altId is the syndication id.
        Assert.Equal(
            bodies.Select(b => b!["data"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            items.Select(i => i!["altIds"]!.AsArray().Single(a => a!["role"]!.GetValue<string>() == "syndication-entry")!["value"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ValidateSyndicationSchema_BodyWithUnknownFieldOrBadDate_IsRejected()
    {
        // Guards the schema itself: it must refuse what our bodies never hold.
        var good = JsonNode.Parse("""
            { "type": "article.published", "timestamp": "2024-11-11T10:20:00Z",
              "data": { "id": "a", "url": "https://news.example/ru/новости", "title": "t", "summary": "s", "language": "ru",
                        "published": "2024-11-11T10:20:00Z", "updated": "2024-11-11T10:20:00Z", "author": null, "tags": [],
                        "image": null, "story": "s1", "translations": [ { "language": "en", "url": "https://news.example/en/news" } ] } }
            """)!;
        var unknown = good.DeepClone();
        unknown["data"]!["extra"] = 1;
        var badDate = good.DeepClone();
        badDate["data"]!["published"] = "11 Nov 2024";
        var relative = good.DeepClone();
        relative["data"]!["translations"]![0]!["url"] = "/en/news";

        var verdicts = await NodeTools.ValidateAsync(RepositoryPaths.Combine("docs", "schemas", "webhook-syndication.schema.json"), [], [good, unknown, badDate, relative]);

        Assert.True(verdicts[0].Valid, string.Join("; ", verdicts[0].Errors));
        Assert.All(verdicts.Skip(1), v => Assert.False(v.Valid, $"document {v.Index} should be invalid"));
    }
}
