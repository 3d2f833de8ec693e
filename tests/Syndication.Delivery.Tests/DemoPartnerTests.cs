using Microsoft.Extensions.DependencyInjection;
using Syndication.Cli.Delivery;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Testing;

namespace Syndication.Delivery.Tests;

public class DemoPartnerTests
{
    [Fact]
    public async Task DemoPartner_RegisteredAsAdditionalPartner_ReceivesVerifiesAndPrintsDeliveries()
    {
        using var output = new StringWriter();
        await using var demo = await DemoPartner.StartAsync(TextWriter.Synchronized(output), TimeProvider.System, CancellationToken.None);
        var settings = DemoPartner.ConfigurationOverrides.ToDictionary(p => p.Key, p => p.Value);
        settings["Delivery:RequireHttps"] = "false";
        settings["Delivery:AllowedNetworks:0"] = "";
        await using var harness = new DeliveryHarness(settings, configure: s => s.AddSingleton(demo.Registration));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"), EntryChangeKind.Deleted);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["article.published", "article.deleted"], demo.Received.Select(r => r.Type).Order().Reverse());
        Assert.All(demo.Received, r => Assert.True(r.SignatureValid, r.Problem));
        Assert.Contains("demo partner received article.published \"Title of a1\"", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Delivered, (await harness.RecordAsync("a1", "v1", DemoPartner.PartnerId)).Status);
        Assert.StartsWith("http://127.0.0.1:", demo.Url.ToString(), StringComparison.Ordinal);
    }
}
