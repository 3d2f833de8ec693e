using Syndication.Core.Delivery;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>Runs alone: it saturates the machine, which would make the timing of other tests meaningless.</summary>
[CollectionDefinition(nameof(DeliveryScaleTests), DisableParallelization = true)]
public sealed class DeliveryScaleCollection;

/// <summary>Many articles, many partners, transient failures: nothing lost, nothing accepted twice.</summary>
[Collection(nameof(DeliveryScaleTests))]
public class DeliveryScaleTests
{
    [Fact]
    public async Task Deliver_ThousandArticlesFivePartnersThirtyPercentFailures_EveryDeliveryAcceptedExactlyOnce()
    {
        var random = new Random(20241111);
        var gate = new Lock();
        var partners = new List<PartnerServer>();
        for (var i = 0; i < 5; i++)
        {
            var server = await PartnerServer.StartAsync();
            server.Behaviour = (_, _) =>
            {
                lock (gate)
                {
                    return new PartnerAnswer(random.NextDouble() < 0.3 ? 503 : 200);
                }
            };
            partners.Add(server);
        }

        try
        {
            await using var harness = new DeliveryHarness(new Dictionary<string, string?>
            {
                ["Delivery:RetrySchedule"] = "00:00:00, 00:00:00, 00:00:00.010, 00:00:00.020, 00:00:00.050, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100",
            });
            await harness.WriteRegistryAsync([.. partners.Select((p, i) => p.Registration($"p{i}"))]);

            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await harness.AnnounceAsync(DeliveryHarness.Article($"article-{i:D4}")));
            await harness.SettleAsync(TimeSpan.FromSeconds(100), workers: 4);

            var rows = await harness.Admin.ListDeliveriesAsync(null, null, null, CancellationToken.None);
            Assert.Equal(5000, rows.Count);
            Assert.All(rows, r => Assert.Equal(DeliveryStatus.Delivered, r.Status));
            for (var i = 0; i < partners.Count; i++)
            {
                var expected = rows.Where(r => r.PartnerId == $"p{i}").Select(r => r.Id).ToHashSet();
                Assert.Equal(1000, expected.Count);
                Assert.True(expected.SetEquals(partners[i].AcceptedIds), $"partner p{i}: {expected.Except(partners[i].AcceptedIds).Count()} lost");
                Assert.Equal(0, partners[i].AcceptedMoreThanOnce);
                Assert.Contains(partners[i].Received, r => r.AnsweredStatus == 503);
            }
        }
        finally
        {
            foreach (var server in partners)
            {
                await server.DisposeAsync();
            }
        }
    }
}
