using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Pipeline;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Core.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary>
/// Three hosts (separate service providers built by <c>AddSyndication</c>, as three <c>run</c> workers or Function
/// App instances are) on one storage account (Azurite): each announces the same 300 articles, as an event and a
/// reconcile on different instances do, and all three deliver at once. A real loopback partner accepts each
/// article exactly once and is sent each webhook-id once.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class MultiHostDeliveryTests(AzuriteFixture azurite)
{
    private const int Articles = 300;
    private const int Hosts = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task DeliverOnThreeHosts_SameThreeHundredArticlesAnnouncedByEach_EachSentAndAcceptedExactlyOnce()
    {
        await using var partner = await PartnerServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Delivery:RequireHttps"] = "false",
            ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Delivery:Timeout"] = "00:00:10",
        }).Build();
        await using var hosts = SharedAccountHosts.Start(configuration, Hosts);
        var store = hosts[0].GetRequiredService<IBlobStore>();
        await store.PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, System.Text.Encoding.UTF8.GetBytes(PartnerJson.Registry(partner.Registration("p1"))), null, CancellationToken.None);
        var entries = Enumerable.Range(0, Articles).Select(i => DeliveryHarness.Article($"multi-host-{i:D3}")).ToList();

        using var cancel = new CancellationTokenSource(Limit);
        await Task.WhenAll(hosts.Select((host, h) => Task.Run(async () =>
        {
            // Each host announces every article (in its own order) while the others already deliver.
            var fanOut = host.GetRequiredService<DeliveryFanOut>();
            var order = entries.OrderBy(e => HashCode.Combine(h, e.Id)).ToList();
            var announcing = Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel.Token }, async (entry, ct) =>
                await fanOut.OnEntryChangedAsync(new EntryChange(EntryChangeKind.Published, entry), ct));
            var pipeline = host.GetRequiredService<PipelineRunner>();
            while (!announcing.IsCompleted || partner.AcceptedIds.Count < Articles)
            {
                cancel.Token.ThrowIfCancellationRequested();
                if ((await pipeline.DrainQueuesAsync(cancel.Token)).Values.Sum() == 0)
                {
                    await Task.Delay(50, cancel.Token);
                }
            }

            await announcing;
        })));

        // Every copy left (waiting on a claim, or a duplicate announcement) comes round and must find its attempt taken.
        var queue = hosts[0].GetRequiredService<IWorkQueue>();
        while (await queue.CountAsync(QueueNames.Deliveries, CancellationToken.None) > 0 && !cancel.IsCancellationRequested)
        {
            await Task.WhenAll(hosts.Select(host => host.GetRequiredService<PipelineRunner>().DrainQueuesAsync(CancellationToken.None)));
            await Task.Delay(200, CancellationToken.None);
        }

        Assert.Equal(Articles, partner.AcceptedIds.Count);
        var sentTwice = partner.Received.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(sentTwice.Count == 0, $"{sentTwice.Count} webhook-id(s) were sent more than once, e.g. {string.Join(", ", sentTwice.Take(3))}");
        Assert.Equal(Articles, partner.Received.Count);
        Assert.Equal(0, partner.AcceptedMoreThanOnce);
        var rows = await hosts[0].GetRequiredService<DeliveryAdmin>().ListDeliveriesAsync(null, "p1", null, CancellationToken.None);
        Assert.Equal(Articles, rows.Count(r => r.Status == DeliveryStatus.Delivered));
    }
}
