using System.Text.Json;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>Fan-out, retries, dead letters and replay against real partner servers on 127.0.0.1.</summary>
public class DeliveryFlowTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Deliver_PartnerFailsTwiceThenAccepts_AcceptedOnceWithSameWebhookIdOnEveryAttempt()
    {
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, seen) => new PartnerAnswer(seen < 2 ? 500 : 200);
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);

        var received = partner.Received;
        Assert.Equal([500, 500, 200], received.Select(r => r.AnsweredStatus));
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.All(received, r => Assert.Null(r.SignatureProblem));
        Assert.Single(partner.AcceptedIds);
        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Delivered, record.Status);
        Assert.Equal(received[0].Id, record.Id);
        Assert.Equal([500, 500, 200], record.Attempts.Select(a => a.StatusCode ?? 0));
        Assert.All(record.Attempts, a => Assert.True(a.LatencyMs >= 0));
        Assert.Equal("HTTP 500", record.Attempts[0].Error);
    }

    [Fact]
    public async Task Deliver_Body_HasContractShapeAndJsonContentType()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1", new { summaryMaxChars = 40 }));
        var longSummary = string.Join(' ', Enumerable.Repeat("Energy corridors across the Caspian.", 10));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1", summary: longSummary));
        await harness.SettleAsync(Settle);

        var received = Assert.Single(partner.Received);
        Assert.Equal("application/json", received.ContentType);
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal("article.published", root.GetProperty("type").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", root.GetProperty("timestamp").GetString());
        var data = root.GetProperty("data");
        Assert.Equal("a1", data.GetProperty("id").GetString());
        Assert.Equal("https://news.example/articles/a1", data.GetProperty("url").GetString());
        Assert.Equal("2024-11-11T10:20:00Z", data.GetProperty("published").GetString());
        Assert.Equal("en", data.GetProperty("language").GetString());
        Assert.Equal(["energy"], data.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var summary = data.GetProperty("summary").GetString()!;
        Assert.True(summary.Length <= 40, $"summary of {summary.Length} chars for summaryMaxChars 40: '{summary}'");
        foreach (var field in new[] { "title", "updated", "author", "image" })
        {
            Assert.True(data.TryGetProperty(field, out _), $"data.{field} missing in {received.Body}");
        }
    }

    [Fact]
    public async Task FanOut_SameChangeAnnouncedTwice_SendsOnce()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        var entry = DeliveryHarness.Article("a1");

        await harness.AnnounceAsync(entry);
        await harness.AnnounceAsync(entry);
        await harness.SettleAsync(Settle);
        await harness.AnnounceAsync(entry);
        await harness.SettleAsync(Settle);

        Assert.Single(partner.Received);
        var rows = await harness.Admin.ListDeliveriesAsync(null, null, null, CancellationToken.None);
        Assert.Single(rows);
    }

    [Fact]
    public async Task FanOut_Filters_OnlyMatchingPartnersGetDeliveries()
    {
        await using var english = await PartnerServer.StartAsync();
        await using var russianSecurity = await PartnerServer.StartAsync();
        await using var disabled = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(
            english.Registration("en-all", new { languages = new[] { "en" } }),
            russianSecurity.Registration("ru-security", new { languages = new[] { "ru" }, tags = new[] { "security" } }),
            disabled.Registration("off", new { enabled = false }));

        await harness.AnnounceAsync(DeliveryHarness.Article("en-energy", language: "en", tags: ["energy"]));
        await harness.AnnounceAsync(DeliveryHarness.Article("ru-energy", language: "ru", tags: ["energy"]));
        await harness.AnnounceAsync(DeliveryHarness.Article("ru-security", language: "ru", tags: ["Security"]));
        await harness.SettleAsync(Settle);

        Assert.Equal(["en-energy"], english.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("id").GetString()));
        Assert.Equal(["ru-security"], russianSecurity.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("id").GetString()));
        Assert.Empty(disabled.Received);
    }

    [Fact]
    public async Task Deliver_PartnerDownForWholeSchedule_DeadLetteredThenReplayDeliversWhenBack()
    {
        await using var partner = PartnerServer.NotStarted();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);

        var dead = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.Equal(3, dead.Attempts.Count);
        Assert.All(dead.Attempts, a => Assert.StartsWith("connection failed", a.Error, StringComparison.Ordinal));
        var deadLetter = await harness.Store.GetAsync("deliveries", $"dead/{dead.Id}.json", CancellationToken.None);
        Assert.NotNull(deadLetter);
        Assert.Equal([dead.Id], (await harness.Admin.ListDeliveriesAsync(DeliveryStatus.Dead, null, null, CancellationToken.None)).Select(r => r.Id));

        await partner.StartAsync();
        var replayed = await harness.Admin.ReplayPartnerAsync("p1", DateTimeOffset.UtcNow.AddHours(-1), includeDelivered: false, CancellationToken.None);
        await harness.SettleAsync(Settle);

        Assert.Equal(1, replayed);
        var delivered = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(4, delivered.Attempts.Count);
        Assert.Equal([dead.Id], partner.AcceptedIds);
        Assert.Null(await harness.Store.GetAsync("deliveries", $"dead/{dead.Id}.json", CancellationToken.None));
    }

    [Fact]
    public async Task Deliver_429WithRetryAfter2_WaitsAtLeastTwoSeconds()
    {
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, seen) => seen == 0 ? new PartnerAnswer(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "2" }) : PartnerAnswer.Ok;
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);

        var received = partner.Received;
        Assert.Equal([429, 200], received.Select(r => r.AnsweredStatus));
        var waited = received[1].At - received[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(2), $"second attempt came {waited.TotalMilliseconds} ms after a 429 with Retry-After: 2");
    }

    [Fact]
    public async Task Deliver_301Redirect_IsAFailureAndNotFollowed()
    {
        await using var elsewhere = await PartnerServer.StartAsync();
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, _) => new PartnerAnswer(301, Headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url.ToString() });
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);

        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Dead, record.Status);
        Assert.All(record.Attempts, a => Assert.Equal(301, a.StatusCode));
        Assert.Empty(elsewhere.Received);
    }

    [Fact]
    public async Task Deliver_SlowPartnerBeyondTimeout_IsRetriedAndDelivered()
    {
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, seen) => seen == 0 ? new PartnerAnswer(200, TimeSpan.FromSeconds(5)) : PartnerAnswer.Ok;
        await using var harness = new DeliveryHarness(new Dictionary<string, string?> { ["Delivery:Timeout"] = "00:00:00.500" });
        await harness.WriteRegistryAsync(partner.Registration("p1"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);

        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Delivered, record.Status);
        Assert.Equal(2, record.Attempts.Count);
        Assert.StartsWith("timeout", record.Attempts[0].Error, StringComparison.Ordinal);
        Assert.InRange(record.Attempts[0].LatencyMs, 400, 3000);
    }

    [Fact]
    public async Task Deliver_410Gone_DisablesPartnerAndHoldsItsDeliveriesWithoutBlockingOthers()
    {
        await using var gone = await PartnerServer.StartAsync();
        gone.Behaviour = (_, _) => new PartnerAnswer(410);
        await using var healthy = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(gone.Registration("gone"), healthy.Registration("healthy"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);
        await harness.AnnounceAsync(DeliveryHarness.Article("a2"));
        await harness.SettleAsync(Settle);

        Assert.Single(gone.Received);
        Assert.Equal(2, healthy.AcceptedIds.Count);
        var partners = await harness.Admin.ListPartnersAsync(CancellationToken.None);
        var overview = partners.Single(p => p.Partner.Id == "gone");
        Assert.False(overview.Active);
        Assert.Contains("410", overview.State.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Held, (await harness.RecordAsync("a1", "v1", "gone")).Status);
        Assert.Equal(DeliveryStatus.Held, (await harness.RecordAsync("a2", "v1", "gone")).Status);
        Assert.True(partners.Single(p => p.Partner.Id == "healthy").Active);
    }

    [Fact]
    public async Task Deliver_PartnerFailingLongerThanDisableAfter_IsDisabledWhileOthersFlow()
    {
        await using var failing = await PartnerServer.StartAsync();
        failing.Behaviour = (_, _) => new PartnerAnswer(503);
        await using var healthy = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness(new Dictionary<string, string?>
        {
            ["Delivery:RetrySchedule"] = "00:00:00, 00:00:00.300, 00:00:00.300, 00:00:00.300, 00:00:00.300",
            ["Delivery:DisablePartnerAfter"] = "00:00:00.500",
        });
        await harness.WriteRegistryAsync(failing.Registration("failing"), healthy.Registration("healthy"));

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(Settle);
        await harness.AnnounceAsync(DeliveryHarness.Article("a2"));
        await harness.SettleAsync(Settle);

        var first = await harness.RecordAsync("a1", "v1", "failing");
        Assert.Equal(DeliveryStatus.Held, first.Status);
        Assert.InRange(first.Attempts.Count, 2, 4);
        Assert.Equal(DeliveryStatus.Held, (await harness.RecordAsync("a2", "v1", "failing")).Status);
        Assert.Equal(2, healthy.AcceptedIds.Count);
        var state = (await harness.Admin.ListPartnersAsync(CancellationToken.None)).Single(p => p.Partner.Id == "failing").State;
        Assert.True(state.Disabled);
        Assert.Contains("no delivery accepted since", state.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_WorkerKilledBeforeCompleting_MessageReappearsAndIsDelivered()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness(timeProvider: time);
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));

        // A worker receives the message and dies (kill -9) before handling or completing it.
        var leased = await harness.Queue.ReceiveAsync(QueueNames.Deliveries, 32, harness.Handler.VisibilityTimeout, CancellationToken.None);
        Assert.Single(leased);
        Assert.Equal(0, await harness.DrainAsync());
        Assert.Empty(partner.Received);

        time.Advance(harness.Handler.VisibilityTimeout + TimeSpan.FromSeconds(1));
        await harness.DrainAsync();

        Assert.Single(partner.AcceptedIds);
        Assert.Equal(DeliveryStatus.Delivered, (await harness.RecordAsync("a1", "v1", "p1")).Status);
        Assert.Equal(0, await harness.Queue.CountAsync(QueueNames.Deliveries, CancellationToken.None));
    }

    [Fact]
    public async Task Deliver_WorkerKilledAfterSendingBeforeRecording_RedeliversSameWebhookId()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness(timeProvider: time);
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));

        // The worker sends the webhook itself, then dies before recording the attempt or completing the message.
        var leased = await harness.Queue.ReceiveAsync(QueueNames.Deliveries, 32, harness.Handler.VisibilityTimeout, CancellationToken.None);
        var message = JsonSerializer.Deserialize<DeliveryMessage>(Assert.Single(leased).Body, StoredJson.Compact)!;
        var record = await harness.RecordAsync("a1", "v1", "p1");
        var sender = (IWebhookSender)harness.Services.GetService(typeof(IWebhookSender))!;
        await sender.SendAsync(new WebhookRequest(partner.Url, message.DeliveryId, record.Body, [partner.Secret]), CancellationToken.None);

        time.Advance(harness.Handler.VisibilityTimeout + TimeSpan.FromSeconds(1));
        await harness.DrainAsync();

        Assert.Equal(2, partner.Received.Count);
        Assert.Single(partner.Received.Select(r => r.Id).Distinct());
        Assert.Equal(DeliveryStatus.Delivered, (await harness.RecordAsync("a1", "v1", "p1")).Status);
    }

    [Fact]
    public async Task Handle_MessageWithTokenTheRecordNeverRecorded_SendsNothingAndIsDroppedAfterGrace()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, _) => new PartnerAnswer(500);
        await using var harness = new DeliveryHarness(new Dictionary<string, string?> { ["Delivery:RetrySchedule"] = "00:00:00, 01:00:00" }, time);
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.DrainAsync();
        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Failed, record.Status);

        // A retry queued by a worker that died before recording its token.
        await harness.Queue.SendAsync(QueueNames.Deliveries, JsonSerializer.Serialize(new { deliveryId = record.Id, token = "never-recorded" }), TimeSpan.Zero, CancellationToken.None);
        await harness.DrainAsync();
        Assert.Equal(2, await harness.Queue.CountAsync(QueueNames.Deliveries, CancellationToken.None));
        for (var i = 0; i < 70; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await harness.DrainAsync();
        }

        Assert.Equal(1, await harness.Queue.CountAsync(QueueNames.Deliveries, CancellationToken.None));
        Assert.Single(partner.Received);
        Assert.Equal(record.Token, (await harness.RecordAsync("a1", "v1", "p1")).Token);
    }

    [Fact]
    public async Task FanOut_CrashBetweenRecordAndQueue_SecondAnnouncementQueuesIt()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        var entry = DeliveryHarness.Article("a1");
        await harness.AnnounceAsync(entry);

        // Lose the queue message, as a crash right after writing the record would.
        var lost = await harness.Queue.ReceiveAsync(QueueNames.Deliveries, 32, TimeSpan.FromMinutes(5), CancellationToken.None);
        await harness.Queue.CompleteAsync(Assert.Single(lost), CancellationToken.None);
        await harness.AnnounceAsync(entry);
        await harness.SettleAsync(Settle);

        Assert.Single(partner.AcceptedIds);
    }
}
