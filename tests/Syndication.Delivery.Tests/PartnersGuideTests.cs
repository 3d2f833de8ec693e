using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partner.Webhooks;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Testing;

namespace Syndication.Delivery.Tests;

/// <summary>
/// docs/partners.md: its code blocks are the sample files in docs/partners verbatim, each sample accepts real signed
/// deliveries (during a key rotation too) and refuses tampered ones, and its JSON examples match the schemas.
/// </summary>
public partial class PartnersGuideTests
{
    private static string Guide => RepositoryPaths.Combine("docs", "partners.md");

    private static string Sample(string name) => RepositoryPaths.Combine("docs", "partners", name);

    /// <summary>Fenced blocks preceded by <c>&lt;!-- sample: file --&gt;</c> or <c>&lt;!-- example: kind --&gt;</c>.</summary>
    private static Dictionary<string, List<string>> MarkedBlocks()
    {
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match match in MarkedBlock().Matches(File.ReadAllText(Guide).ReplaceLineEndings("\n")))
        {
            var key = match.Groups["kind"].Value + ":" + match.Groups["name"].Value;
            if (!blocks.TryGetValue(key, out var list))
            {
                blocks[key] = list = [];
            }

            list.Add(match.Groups["code"].Value);
        }

        return blocks;
    }

    [GeneratedRegex(@"<!-- (?<kind>sample|example): (?<name>[^ ]+) -->\n```[a-z]*\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    [Theory]
    [InlineData("verify.py")]
    [InlineData("verify.js")]
    [InlineData("WebhookVerifier.cs")]
    public void Guide_CodeBlock_IsTheTestedSampleFileVerbatim(string file)
    {
        var blocks = MarkedBlocks();

        Assert.True(blocks.TryGetValue("sample:" + file, out var code), $"docs/partners.md has no block marked <!-- sample: {file} -->");
        var inGuide = Assert.Single(code);
        Assert.Equal(File.ReadAllText(Sample(file)).ReplaceLineEndings("\n"), inGuide);
    }

    [Fact]
    public void Guide_EveryFencedBlock_IsMarkedAsATestedSampleOrExample()
    {
        var guide = File.ReadAllText(Guide).ReplaceLineEndings("\n");

        var fences = Regex.Count(guide, "^```", RegexOptions.Multiline);
        var marked = MarkedBlocks().Values.Sum(b => b.Count);

        Assert.True(fences == 2 * marked, $"docs/partners.md has {fences / 2} fenced blocks but {marked} marked ones: mark each <!-- sample: file --> or <!-- example: kind --> so a test runs it");
    }

    [Fact]
    public void Guide_RegistryExamples_ParseWithTheRealParser()
    {
        var blocks = MarkedBlocks();
        Assert.True(blocks.TryGetValue("example:registry", out var registries), "no <!-- example: registry --> block");

        foreach (var json in registries)
        {
            var registry = PartnerRegistryParser.Parse(Encoding.UTF8.GetBytes(json), requireHttps: true);
            Assert.NotEmpty(registry.Partners);
        }
    }

    [Fact]
    public async Task Samples_RealSignedDeliveriesDuringRotation_AllThreeAcceptAndRefuseTampering()
    {
        await using var partner = await PartnerServer.StartAsync();
        var previous = WebhookSecret.Generate();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(
            partner.Registration("p1", new { previousSecrets = new[] { previous } }),
            PartnerJson.Entry("p1-ninjs", partner.Url, partner.Secret, new { format = "ninjs" }));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1", summary: "Ünïcödé — Қазақстан, Россия; \"quotes\" & <tags>") with
        {
            Story = "story-1",
            Translations = [new EntryTranslation("ru", "https://news.example/ru/новости", "ru-1")],
        });
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        var received = partner.Received;
        Assert.Equal(2, received.Count);
        Assert.Contains(received, r => r.Signature!.Split(' ').Length == 2); // the rotating partner gets two signatures

        var cases = new List<(string Name, string Secret, ReceivedWebhook Webhook, bool Authentic)>();
        foreach (var webhook in received)
        {
            cases.Add(("as sent", partner.Secret, webhook, true));
            cases.Add(("body changed", partner.Secret, webhook with { Body = webhook.Body.Replace("a1", "a2", StringComparison.Ordinal) }, false));
            cases.Add(("other id", partner.Secret, webhook with { Id = "msg_0000" }, false));
            cases.Add(("an hour old", partner.Secret, webhook with { Timestamp = (long.Parse(webhook.Timestamp!, System.Globalization.CultureInfo.InvariantCulture) - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture) }, false));
            cases.Add(("wrong secret", WebhookSecret.Generate(), webhook, false));
        }

        var rotating = received.Single(r => r.Signature!.Split(' ').Length == 2);
        cases.Add(("previous secret during rotation", previous, rotating, true));

        var python = await RunSampleAsync("python3", PythonHarness, cases);
        var node = await RunSampleAsync("node", NodeHarness, cases);
        var csharp = cases.Select(c => WebhookVerifier.Verify(c.Secret, c.Webhook.Id, c.Webhook.Timestamp, c.Webhook.Signature, Encoding.UTF8.GetBytes(c.Webhook.Body), DateTimeOffset.UtcNow)).ToList();

        for (var i = 0; i < cases.Count; i++)
        {
            var (name, _, webhook, authentic) = cases[i];
            Assert.True(python[i] == authentic, $"verify.py said {python[i]} for {name} ({webhook.Id})");
            Assert.True(node[i] == authentic, $"verify.js said {node[i]} for {name} ({webhook.Id})");
            Assert.True(csharp[i] == authentic, $"WebhookVerifier.cs said {csharp[i]} for {name} ({webhook.Id})");
        }
    }

    [Fact]
    public async Task Guide_JsonExamples_MatchTheirSchemas()
    {
        var blocks = MarkedBlocks();
        Assert.True(blocks.TryGetValue("example:syndication", out var syndication), "no <!-- example: syndication --> block");
        Assert.True(blocks.TryGetValue("example:ninjs", out var ninjs), "no <!-- example: ninjs --> block");

        var ours = await NodeTools.ValidateAsync(RepositoryPaths.Combine("docs", "schemas", "webhook-syndication.schema.json"), [], [.. syndication.Select(b => JsonNode.Parse(b))]);
        var theirs = await NodeTools.ValidateNinjsAsync([.. ninjs.Select(b => JsonNode.Parse(b)!["data"])]);

        Assert.All(ours, v => Assert.True(v.Valid, $"syndication example {v.Index}: {string.Join("; ", v.Errors)}"));
        Assert.All(theirs, v => Assert.True(v.Valid, $"ninjs example {v.Index}: {string.Join("; ", v.Errors)}"));
    }

    private const string PythonHarness = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from verify import verify_webhook
        results = []
        for c in json.load(sys.stdin):
            try:
                verify_webhook(c["secret"], c["headers"], c["body"].encode("utf-8"))
                results.append(True)
            except ValueError:
                results.append(False)
        print(json.dumps(results))
        """;

    private const string NodeHarness = """
        const { verifyWebhook } = require(require('path').join(process.argv[1], 'verify.js'))
        const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'))
        console.log(JSON.stringify(cases.map(c => {
          try { verifyWebhook(c.secret, c.headers, Buffer.from(c.body, 'utf8')); return true } catch { return false }
        })))
        """;

    private static async Task<IReadOnlyList<bool>> RunSampleAsync(string program, string harness, IEnumerable<(string Name, string Secret, ReceivedWebhook Webhook, bool Authentic)> cases)
    {
        var input = JsonSerializer.Serialize(cases.Select(c => new
        {
            secret = c.Secret,
            headers = new Dictionary<string, string?> { ["webhook-id"] = c.Webhook.Id, ["webhook-timestamp"] = c.Webhook.Timestamp, ["webhook-signature"] = c.Webhook.Signature },
            body = c.Webhook.Body,
        }));
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(program == "node" ? "-e" : "-c");
        start.ArgumentList.Add(harness);
        if (program == "node")
        {
            start.ArgumentList.Add("--");
        }

        start.ArgumentList.Add(RepositoryPaths.Combine("docs", "partners"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{program} sample harness failed: {await stderr}");
        return JsonSerializer.Deserialize<List<bool>>(await stdout)!;
    }
}
