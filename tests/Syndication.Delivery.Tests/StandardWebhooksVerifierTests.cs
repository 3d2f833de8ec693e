using System.Diagnostics;
using System.Text.Json;
using Syndication.Testing;

namespace Syndication.Delivery.Tests;

/// <summary>An independent verifier (npm <c>standardwebhooks</c>, run with node) accepts what we send.</summary>
public class StandardWebhooksVerifierTests
{
    private const string Script = """
        const { Webhook } = require('standardwebhooks');
        const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const failures = [];
        for (const r of input.requests) {
          for (const secret of input.secrets) {
            try { new Webhook(secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }); }
            catch (e) { failures.push(`${r.id} with ${secret.slice(0, 10)}…: ${e.message}`); }
          }
        }
        console.log(JSON.stringify({ verified: input.requests.length * input.secrets.length - failures.length, failures }));
        process.exit(failures.length === 0 ? 0 : 1);
        """;

    [Fact]
    public async Task Deliver_SignedDuringRotation_NpmStandardWebhooksVerifiesWithOldAndNewSecret()
    {
        var nodeModules = Path.Combine(RepositoryRoot(), "tests", "node", "node_modules", "standardwebhooks");
        Assert.True(Directory.Exists(nodeModules), $"{nodeModules} is missing: run `npm ci --prefix tests/node` (needs node and npm from apt: nodejs, npm).");
        await using var partner = await PartnerServer.StartAsync();
        var previous = Syndication.Core.Delivery.WebhookSecret.Generate();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1", new { previousSecrets = new[] { previous } }));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1", summary: "Ünïcödé — Қазақстан, Россия; \"quotes\" & <tags>"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1", "v2"), Syndication.Core.Entries.EntryChangeKind.Updated);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, partner.Received.Count);

        var input = JsonSerializer.Serialize(new
        {
            secrets = new[] { partner.Secret, previous },
            requests = partner.Received.Select(r => new { id = r.Id, timestamp = r.Timestamp, signature = r.Signature, body = r.Body }),
        });
        var (exit, output) = await RunNodeAsync(Path.Combine(RepositoryRoot(), "tests", "node"), input);

        Assert.True(exit == 0, $"standardwebhooks rejected our webhooks: {output}");
        Assert.Contains("\"verified\":4", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunNodeAsync(string workingDirectory, string stdin)
    {
        var start = new ProcessStartInfo("node", ["-e", Script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed: install it (apt package nodejs) and run `npm ci --prefix tests/node`.", ex);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syndication.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Syndication.sln above {AppContext.BaseDirectory}.");
    }
}
