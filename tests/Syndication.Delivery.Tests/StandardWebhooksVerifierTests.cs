using Syndication.Testing;

namespace Syndication.Delivery.Tests;

/// <summary>An independent verifier (npm <c>standardwebhooks</c>, run with node) accepts what we send.</summary>
public class StandardWebhooksVerifierTests
{
    [Fact]
    public async Task Deliver_SignedDuringRotation_NpmStandardWebhooksVerifiesWithOldAndNewSecret()
    {
        await using var partner = await PartnerServer.StartAsync();
        var previous = Syndication.Core.Delivery.WebhookSecret.Generate();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1", new { previousSecrets = new[] { previous } }));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1", summary: "Ünïcödé — Қазақстан, Россия; \"quotes\" & <tags>"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1", "v2"), Syndication.Core.Entries.EntryChangeKind.Updated);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, partner.Received.Count);

        foreach (var secret in new[] { partner.Secret, previous })
        {
            var (verified, failures) = await NodeTools.VerifyStandardWebhooksAsync(secret, partner.Received);
            Assert.True(failures.Count == 0, $"standardwebhooks rejected our webhooks with {secret[..10]}…: {string.Join("; ", failures)}");
            Assert.Equal(2, verified);
        }
    }
}
