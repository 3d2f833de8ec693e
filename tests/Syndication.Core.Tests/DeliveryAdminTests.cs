using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Delivery;
using Syndication.Testing;

namespace Syndication.Core.Tests;

public class DeliveryAdminTests
{
    [Fact]
    public async Task TestPartner_SignedPing_PartnerVerifiesAndAnswers()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        var result = await harness.Admin.TestPartnerAsync("p1", CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal(200, result.Response.StatusCode);
        var received = Assert.Single(partner.Received);
        Assert.Null(received.SignatureProblem);
        Assert.Equal(result.WebhookId, received.Id);
        Assert.Contains("\"type\":\"ping\"", received.Body, StringComparison.Ordinal);
        Assert.Null(await harness.Admin.TestPartnerAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task ReplayOne_DeliveredDelivery_SentAgainWithSameWebhookIdAndLogged()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        var id = Assert.Single(partner.AcceptedIds);

        var outcome = await harness.Admin.ReplayAsync(id, CancellationToken.None);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ReplayOutcome.Queued, outcome);
        Assert.Equal([id, id], partner.Received.Select(r => r.Id));
        var record = await harness.Admin.GetDeliveryAsync(id, CancellationToken.None);
        Assert.Equal(2, record!.Attempts.Count);
        Assert.Equal(ReplayOutcome.NotFound, await harness.Admin.ReplayAsync("msg_unknown", CancellationToken.None));
        Assert.Equal(ReplayOutcome.NotFound, await harness.Admin.ReplayAsync("../config/partners", CancellationToken.None));
    }

    [Fact]
    public async Task ListDeliveries_ByStatusAndPartner_ShowsOnlyThose()
    {
        await using var good = await PartnerServer.StartAsync();
        await using var bad = await PartnerServer.StartAsync();
        bad.Behaviour = (_, _) => new PartnerAnswer(500);
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(good.Registration("good"), bad.Registration("bad"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a2"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        var dead = await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Dead, null, null, CancellationToken.None);
        var delivered = await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Delivered, "good", null, CancellationToken.None);
        var partners = await harness.Admin.ListPartnersAsync(CancellationToken.None);

        Assert.Equal(["bad", "bad"], dead.Select(d => d.PartnerId));
        Assert.Equal(2, delivered.Count);
        Assert.Equal(2, partners.Single(p => p.Partner.Id == "bad").Deliveries[DeliveryStatus.Dead]);
        Assert.Equal(2, partners.Single(p => p.Partner.Id == "good").Deliveries[DeliveryStatus.Delivered]);
    }

    [Fact]
    public async Task ReplayPartner_After410_ReenablesAndDeliversHeld()
    {
        await using var partner = await PartnerServer.StartAsync();
        var requests = 0;
        partner.Behaviour = (_, _) => new PartnerAnswer(Interlocked.Increment(ref requests) == 1 ? 410 : 200);
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        await harness.AnnounceAsync(DeliveryHarness.Article("a2"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        Assert.Single(partner.Received);

        var queued = await harness.Admin.ReplayPartnerAsync("p1", DateTimeOffset.UtcNow.AddMinutes(-5), includeDelivered: false, CancellationToken.None);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, queued);
        Assert.Equal(2, partner.AcceptedIds.Count);
        Assert.True((await harness.Admin.ListPartnersAsync(CancellationToken.None)).Single().Active);
    }

    [Fact]
    public async Task ReplayOne_WorkerTakesMessageBeforeRecordIsReset_StillDelivered()
    {
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, _) => new PartnerAnswer(500);
        InterceptingBlobStore? store = null;
        await using var harness = new DeliveryHarness(configure: services =>
        {
            var inner = services.Single(d => d.ServiceType == typeof(Syndication.Core.Storage.IBlobStore));
            services.Remove(inner);
            services.AddSingleton<Syndication.Core.Storage.IBlobStore>(sp => store = new InterceptingBlobStore((Syndication.Core.Storage.IBlobStore)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)));
        });
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));
        var id = Assert.Single(await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Dead, "p1", null, CancellationToken.None)).Id;
        partner.Behaviour = (_, _) => PartnerAnswer.Ok;

        // A busy host: the worker receives the replay's message after it was queued, before the record says so.
        var drainedInWindow = 0;
        store!.BeforeConditionalPut = (Syndication.Core.Storage.Containers.Deliveries, async () => drainedInWindow = await harness.DrainAsync());
        var outcome = await harness.Admin.ReplayAsync(id, CancellationToken.None);
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ReplayOutcome.Queued, outcome);
        Assert.Equal(1, drainedInWindow);
        Assert.Equal([id], partner.AcceptedIds);
        Assert.Equal(DeliveryStatus.Delivered, (await harness.Admin.GetDeliveryAsync(id, CancellationToken.None))!.Status);
    }
}
