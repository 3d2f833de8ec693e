using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// An attempt is claimed on its record (If-Match) before the request goes out: copies of one message held by
/// several instances send once, and an attempt whose sender stopped after claiming is sent again after the lease.
/// </summary>
public class DeliveryClaimTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Handle_TwoCopiesOfOneMessageOnTwoInstancesAtOnce_PartnerReceivesOneRequest()
    {
        await using var partner = await PartnerServer.StartAsync();
        partner.Behaviour = (_, _) => new PartnerAnswer(200, TimeSpan.FromMilliseconds(500));
        await using var harness = new DeliveryHarness();
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        var body = await TakeMessageBodyAsync(harness);

        // The same announcement queued twice (an event and a reconcile both saw the upload), held by two instances.
        var outcomes = await Task.WhenAll(
            harness.Handler.HandleAsync([Copy(body, "copy-1")], Ct),
            harness.Handler.HandleAsync([Copy(body, "copy-2")], Ct));

        Assert.Single(partner.Received);
        var kinds = outcomes.Select(o => Assert.Single(o).Kind).Order().ToList();
        Assert.Equal([QueueOutcomeKind.Completed, QueueOutcomeKind.RetryAfter], kinds);
        var waiting = outcomes.Select(o => o[0]).Single(o => o.Kind == QueueOutcomeKind.RetryAfter);
        Assert.InRange(waiting.Delay, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        // The waiting copy comes back once the claimant recorded the outcome: its token is spent, nothing is sent.
        var again = Assert.Single(await harness.Handler.HandleAsync([Copy(waiting.Body ?? body, "copy-2")], Ct));
        Assert.Equal(QueueOutcomeKind.Completed, again.Kind);
        Assert.Single(partner.Received);
        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Delivered, record.Status);
        Assert.Single(record.Attempts);
        Assert.Null(record.Claim);
    }

    [Fact]
    public async Task Handle_CopyReadsRecordJustBeforeAnotherInstanceSends_SendsNothing()
    {
        await using var partner = await PartnerServer.StartAsync();
        InterceptingBlobStore? store = null;
        await using var harness = new DeliveryHarness(configure: services =>
        {
            var inner = services.Single(d => d.ServiceType == typeof(IBlobStore));
            services.Remove(inner);
            services.AddSingleton<IBlobStore>(sp => store = new InterceptingBlobStore((IBlobStore)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)));
        });
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        var body = await TakeMessageBodyAsync(harness);

        // Instance A has read the record and is about to claim; instance B handles its copy in that window.
        IReadOnlyList<QueueOutcome>? second = null;
        store!.BeforeConditionalPut = (Containers.Deliveries, async () => second = await harness.Handler.HandleAsync([Copy(body, "copy-b")], Ct));
        var first = await harness.Handler.HandleAsync([Copy(body, "copy-a")], Ct);

        Assert.Equal(QueueOutcomeKind.Completed, Assert.Single(second!).Kind);
        Assert.Equal(QueueOutcomeKind.Completed, Assert.Single(first).Kind);
        Assert.Single(partner.Received);
        Assert.Single((await harness.RecordAsync("a1", "v1", "p1")).Attempts);
    }

    [Fact]
    public async Task Drain_SenderStopsAfterClaiming_SentAgainOnlyAfterTheLeaseAndHistoryShowsTheLostAttempt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var partner = await PartnerServer.StartAsync();
        var stopping = new StoppingSender();
        await using var harness = new DeliveryHarness(timeProvider: time, configure: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IWebhookSender));
            services.Remove(real);
            services.AddSingleton<IWebhookSender>(sp => stopping.Wrap((IWebhookSender)real.ImplementationFactory!(sp)));
        });
        await harness.WriteRegistryAsync(partner.Registration("p1"));
        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));

        // The instance claims the attempt and stops before the request goes out (and before settling its message).
        stopping.StopNext = true;
        await harness.DrainAsync();
        var claimed = await harness.RecordAsync("a1", "v1", "p1");
        var claim = Assert.IsType<DeliveryClaim>(claimed.Claim);
        Assert.Equal(claimed.Token, claim.Token);
        Assert.Equal(time.GetUtcNow() + harness.Handler.ClaimLease, claim.ExpiresAt);

        // Its message reappears after the visibility timeout, while the claim still holds: it waits, sends nothing.
        Assert.True(harness.Handler.VisibilityTimeout < harness.Handler.ClaimLease);
        time.Advance(harness.Handler.VisibilityTimeout + TimeSpan.FromSeconds(1));
        await harness.DrainAsync();
        Assert.Empty(partner.Received);

        // After the lease the attempt is taken over: sent once, and the history keeps the attempt with no outcome.
        time.Advance(harness.Handler.ClaimLease - harness.Handler.VisibilityTimeout);
        await harness.DrainAsync();

        Assert.Single(partner.Received);
        var record = await harness.RecordAsync("a1", "v1", "p1");
        Assert.Equal(DeliveryStatus.Delivered, record.Status);
        Assert.Equal(2, record.Attempts.Count);
        Assert.Null(record.Attempts[0].StatusCode);
        Assert.Contains("no outcome recorded", record.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(200, record.Attempts[1].StatusCode);
        Assert.Equal(0, await harness.Queue.CountAsync(QueueNames.Deliveries, Ct));
    }

    private static async Task<string> TakeMessageBodyAsync(DeliveryHarness harness)
    {
        var message = Assert.Single(await harness.Queue.ReceiveAsync(QueueNames.Deliveries, 32, TimeSpan.FromMinutes(10), Ct));
        await harness.Queue.CompleteAsync(message, Ct);
        Assert.NotNull(JsonSerializer.Deserialize<DeliveryMessage>(message.Body, StoredJson.Compact));
        return message.Body;
    }

    private static QueueMessage Copy(string body, string id) => new(QueueNames.Deliveries, id, id, body, 1, DateTimeOffset.UtcNow);

    /// <summary>Lets the next attempt "crash" the instance just before the request goes out.</summary>
    private sealed class StoppingSender
    {
        public bool StopNext { get; set; }

        public IWebhookSender Wrap(IWebhookSender inner) => new Sender(this, inner);

        private sealed class Sender(StoppingSender owner, IWebhookSender inner) : IWebhookSender
        {
            public Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
            {
                if (owner.StopNext)
                {
                    owner.StopNext = false;
                    throw new IOException("the instance stopped");
                }

                return inner.SendAsync(request, cancellationToken);
            }
        }
    }
}
