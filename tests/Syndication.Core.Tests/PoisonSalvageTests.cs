using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// Messages that end in <c>&lt;queue&gt;-poison</c> on the folder queue: a delivery becomes a dead letter with its
/// history (listed as dead, replayable), publish work is put back on its queue.
/// </summary>
public class PoisonSalvageTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Reconcile_DeliveryFailedFiveTimes_DeadLetterWithHistoryThenReplayDelivers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, seen) => new PartnerAnswer(seen == 0 ? 500 : 200);
        await using var harness = new DeliveryHarness(new Dictionary<string, string?> { ["Delivery:RetrySchedule"] = "00:00:00, 00:00:10, 00:00:10" }, time);
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.DrainAsync();
        Assert.Equal(DeliveryStatus.Failed, (await harness.RecordAsync("a1", "v1", "p1")).Status);

        // Someone breaks config/partners.json: every handling of the retry now fails, five times, then it is poisoned.
        await harness.Store.PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, Encoding.UTF8.GetBytes("{ \"partners\": [ { \"id\": "), null, Ct);
        time.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i <= QueueDrainer.MaxDequeueCount; i++)
        {
            await harness.DrainAsync();
            time.Advance(harness.Handler.VisibilityTimeout + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, await harness.Queue.CountAsync(QueueNames.Deliveries, Ct));
        Assert.Equal(1, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Deliveries), Ct));
        Assert.Equal(DeliveryStatus.Failed, (await harness.RecordAsync("a1", "v1", "p1")).Status);

        var salvaged = await harness.Services.GetRequiredService<PoisonReconciler>().ReconcileAsync(Ct);

        Assert.Equal(1, salvaged);
        Assert.Equal(0, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Deliveries), Ct));
        var dead = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.Contains("deliveries-poison", dead.Note, StringComparison.Ordinal);
        Assert.Equal([500], dead.Attempts.Select(a => a.StatusCode ?? 0));
        Assert.Equal([dead.Id], (await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Dead, null, null, Ct)).Select(r => r.Id));
        var letter = await harness.Store.GetAsync(Containers.Deliveries, $"{DeliveryStore.DeadPrefix}{dead.Id}.json", Ct);
        Assert.NotNull(letter);
        Assert.Equal(DeliveryStatus.Dead, JsonSerializer.Deserialize<DeliveryRecord>(letter.Content.Span, StoredJson.Options)!.Status);

        await harness.WriteRegistryAsync(partner.Registration("p1"));
        Assert.Equal(ReplayOutcome.Queued, await harness.Admin.ReplayAsync(dead.Id, Ct));
        await harness.DrainAsync();

        Assert.Equal([dead.Id], partner.AcceptedIds);
        Assert.Equal(DeliveryStatus.Delivered, (await harness.RecordAsync("a1", "v1", "p1")).Status);
    }

    [Fact]
    public async Task Reconcile_PoisonedMessageOfADeliveryThatMovedOn_DroppedAndRecordUntouched()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        var stale = Assert.Single(await harness.Queue.ReceiveAsync(QueueNames.Deliveries, 32, TimeSpan.Zero, Ct)).Body;
        await harness.DrainAsync();
        await harness.Queue.SendAsync(QueueDrainer.PoisonQueue(QueueNames.Deliveries), stale, TimeSpan.Zero, Ct);

        await harness.Services.GetRequiredService<PoisonReconciler>().ReconcileAsync(Ct);

        Assert.Equal(DeliveryStatus.Delivered, (await harness.RecordAsync("a1", "v1", "p1")).Status);
        Assert.Empty(await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Dead, null, null, Ct));
        Assert.Equal(0, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Deliveries), Ct));
    }

    [Fact]
    public async Task Reconcile_PublishMessageInPoisonQueue_BackOnThePublishQueue()
    {
        await using var harness = new DeliveryHarness();
        var body = JsonSerializer.Serialize(new PublishMessage("a1", EntryChangeKind.Published, "v1"), StoredJson.Compact);
        await harness.Queue.SendAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), body, TimeSpan.Zero, Ct);
        await harness.Queue.SendAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), "not json", TimeSpan.Zero, Ct);

        await harness.Services.GetRequiredService<PoisonReconciler>().ReconcileAsync(Ct);

        var requeued = Assert.Single(await harness.Queue.ReceiveAsync(QueueNames.Publish, 32, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(body, requeued.Body);
        Assert.Equal(1, requeued.DequeueCount);

        // An unreadable message stands for nothing that could be retried: it stays where an operator can read it.
        Assert.Equal(1, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), Ct));
    }

    [Fact]
    public async Task Reconcile_PublishMessagePoisonedAgainAfterEachRequeue_ParkedWithReadableReason()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new DeliveryHarness(timeProvider: time);
        var body = await ParkPublishMessageAsync(harness, time);

        Assert.Equal(0, await harness.Queue.CountAsync(QueueNames.Publish, Ct));
        Assert.Equal(1, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), Ct));
        var parked = Assert.Single(await harness.Services.GetRequiredService<PoisonLedger>().ListParkedAsync(Ct));
        Assert.Equal(QueueNames.Publish, parked.Queue);
        Assert.Equal(body, parked.Body);
        Assert.Equal(PoisonLedger.MaxRequeues + 2, parked.Requeues);
        Assert.Equal(PoisonLedger.MaxRequeues, parked.TimesRequeued);
        Assert.Contains($"each of {PoisonLedger.MaxRequeues} rounds", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("publish-poison", parked.Reason, StringComparison.Ordinal);
        Assert.Contains($"journal/poison/publish/{parked.Id}.json", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryParked_ParkedPublishMessage_BackOnThePublishQueueAndNoLongerParked()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new DeliveryHarness(timeProvider: time);
        var body = await ParkPublishMessageAsync(harness, time);
        var ledger = harness.Services.GetRequiredService<PoisonLedger>();
        var parked = Assert.Single(await ledger.ListParkedAsync(Ct));
        time.Advance(PoisonReconciler.KeepFor + TimeSpan.FromSeconds(1)); // no pass has looked at it lately

        var outcome = await harness.Services.GetRequiredService<PoisonReconciler>().RetryParkedAsync(QueueNames.Publish, parked.Id, Ct);

        Assert.Equal(ParkedRetryOutcome.Requeued, outcome);
        Assert.Empty(await ledger.ListParkedAsync(Ct));
        Assert.Equal(0, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), Ct));
        var requeued = Assert.Single(await harness.Queue.ReceiveAsync(QueueNames.Publish, 32, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(body, requeued.Body);
        Assert.Equal(1, requeued.DequeueCount);
        // Counted afresh: it gets all its rounds again before it could be parked a second time.
        Assert.Equal(1, (await ledger.GetAsync(QueueNames.Publish, parked.Id, Ct))?.Requeues);
    }

    [Fact]
    public async Task RetryParked_RightAfterAReconcilePass_ForgottenAndRequeuedByTheNextPass()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new DeliveryHarness(timeProvider: time);
        var body = await ParkPublishMessageAsync(harness, time);
        var ledger = harness.Services.GetRequiredService<PoisonLedger>();
        var reconciler = harness.Services.GetRequiredService<PoisonReconciler>();
        var parked = Assert.Single(await ledger.ListParkedAsync(Ct));

        // The pass that parked it last hides it for KeepFor: the retry cannot take it out of the poison queue yet.
        var outcome = await reconciler.RetryParkedAsync(QueueNames.Publish, parked.Id, Ct);

        Assert.Equal(ParkedRetryOutcome.RequeuedByNextPass, outcome);
        Assert.Empty(await ledger.ListParkedAsync(Ct));
        Assert.Equal(0, await harness.Queue.CountAsync(QueueNames.Publish, Ct));
        time.Advance(PoisonReconciler.KeepFor + TimeSpan.FromSeconds(1));
        await reconciler.ReconcileAsync(Ct);
        Assert.Equal(body, Assert.Single(await harness.Queue.ReceiveAsync(QueueNames.Publish, 32, TimeSpan.FromMinutes(1), Ct)).Body);
        Assert.Equal(0, await harness.Queue.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), Ct));
    }

    [Theory]
    [InlineData("publish", "../../entries/a1")]
    [InlineData("publish", "0123456789abcdef0123456789abcdef")]
    [InlineData("ingest", "")]
    [InlineData("nowhere", "")]
    public async Task RetryParked_NoSuchParkedMessage_NotFoundAndTheParkedOneStays(string queue, string id)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new DeliveryHarness(timeProvider: time);
        await ParkPublishMessageAsync(harness, time);
        var ledger = harness.Services.GetRequiredService<PoisonLedger>();
        var parked = Assert.Single(await ledger.ListParkedAsync(Ct));

        // An empty id stands for the parked message's own id, tried under a queue it is not in.
        var outcome = await harness.Services.GetRequiredService<PoisonReconciler>().RetryParkedAsync(queue, id.Length == 0 ? parked.Id : id, Ct);

        Assert.Equal(ParkedRetryOutcome.NotFound, outcome);
        Assert.Equal(parked, Assert.Single(await ledger.ListParkedAsync(Ct)));
    }

    /// <summary>
    /// A publish message that fails every time: each round reconcile requeues it and the work fails its five tries
    /// again (moved back to the poison queue as the drainer would), until it is parked. Returns its body.
    /// </summary>
    internal static async Task<string> ParkPublishMessageAsync(DeliveryHarness harness, FakeTimeProvider time)
    {
        var poisonQueue = QueueDrainer.PoisonQueue(QueueNames.Publish);
        var body = JsonSerializer.Serialize(new PublishMessage("a1", EntryChangeKind.Published, "v1"), StoredJson.Compact);
        await harness.Queue.SendAsync(poisonQueue, body, TimeSpan.Zero, Ct);
        var reconciler = harness.Services.GetRequiredService<PoisonReconciler>();
        var ledger = harness.Services.GetRequiredService<PoisonLedger>();
        for (var round = 1; round <= PoisonLedger.MaxRequeues; round++)
        {
            await reconciler.ReconcileAsync(Ct);
            var requeued = await harness.Queue.ReceiveAsync(QueueNames.Publish, 32, TimeSpan.FromMinutes(1), Ct);
            Assert.True(requeued.Count == 1, $"Round {round}: expected the message back on the publish queue, found {requeued.Count}");
            Assert.Empty(await ledger.ListParkedAsync(Ct));
            await harness.Queue.SendAsync(poisonQueue, requeued[0].Body, TimeSpan.Zero, Ct);
            await harness.Queue.CompleteAsync(requeued[0], Ct);
        }

        await reconciler.ReconcileAsync(Ct);
        time.Advance(PoisonReconciler.KeepFor + TimeSpan.FromSeconds(1));
        await reconciler.ReconcileAsync(Ct);
        return body;
    }
}
