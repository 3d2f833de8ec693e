using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syndication.Core;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Delivery;
using Syndication.Feeds;
using Syndication.Storage.FileSystem;

namespace Syndication.Testing;

/// <summary>
/// Core + Delivery (+ Feeds) wired as the hosts wire them, over the filesystem store and queue in a temp folder, with
/// delivery settings for loopback partners and a short retry schedule.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public DeliveryHarness(IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null, Action<IServiceCollection>? configure = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "syndication-delivery-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var values = new Dictionary<string, string?>
        {
            ["Delivery:RetrySchedule"] = "00:00:00, 00:00:00.050, 00:00:00.100",
            ["Delivery:Timeout"] = "00:00:02",
            ["Delivery:RequireHttps"] = "false",
            ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Delivery:Jitter"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFileSystemStorage(Root);
        services.AddSyndicationCore(configuration);
        services.AddSyndicationDelivery(configuration);

        // Not used by delivery, but every queue handler is resolved together (the poison reconciler, the pipeline).
        services.AddSyndicationFeeds(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public string Root { get; }
    public IServiceProvider Services => _services;
    public IBlobStore Store => _services.GetRequiredService<IBlobStore>();
    public IWorkQueue Queue => _services.GetRequiredService<IWorkQueue>();
    public DeliveryStore Deliveries => _services.GetRequiredService<DeliveryStore>();
    public DeliveryAdmin Admin => _services.GetRequiredService<DeliveryAdmin>();
    public DeliveryFanOut FanOut => _services.GetRequiredService<DeliveryFanOut>();
    public DeliveryQueueHandler Handler => _services.GetRequiredService<DeliveryQueueHandler>();

    public Task WriteRegistryAsync(params object[] partners) =>
        Store.PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, Encoding.UTF8.GetBytes(PartnerJson.Registry(partners)), null, CancellationToken.None);

    public Task AnnounceAsync(Entry entry, EntryChangeKind kind = EntryChangeKind.Published) =>
        FanOut.OnEntryChangedAsync(new EntryChange(kind, entry), CancellationToken.None);

    /// <summary>One round: handles whatever deliveries are due now.</summary>
    public Task<int> DrainAsync() =>
        _services.GetRequiredService<QueueDrainer>().DrainAsync(Handler, CancellationToken.None);

    /// <summary>
    /// Drains (in real time, with <paramref name="workers"/> drainers at once, as scaled-out hosts would) until the
    /// deliveries queue is empty or <paramref name="limit"/> passes.
    /// </summary>
    public async Task SettleAsync(TimeSpan limit, int workers = 1)
    {
        using var cancel = new CancellationTokenSource(limit);
        while (true)
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => DrainAsync()));
            if (await Queue.CountAsync(QueueNames.Deliveries, CancellationToken.None) == 0)
            {
                return;
            }

            if (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"Deliveries did not settle within {limit}; {await Queue.CountAsync(QueueNames.Deliveries, CancellationToken.None)} message(s) left.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async Task<DeliveryRecord> RecordAsync(string entryId, string version, string partnerId, string eventType = "article.published") =>
        (await Deliveries.GetAsync(DeliveryIds.For(entryId, version, eventType, partnerId), CancellationToken.None))?.Record
        ?? throw new InvalidOperationException($"No delivery of {entryId}@{version} ({eventType}) to {partnerId}.");

    public static Entry Article(string id, string version = "v1", string language = "en", IReadOnlyList<string>? tags = null, string? summary = null) => new()
    {
        Id = id,
        Version = version,
        Source = id + ".html",
        Title = $"Title of {id}",
        Url = $"https://news.example/articles/{id}",
        Published = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
        Updated = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
        Author = "Aigerim Sadykova",
        Language = language,
        Tags = tags ?? ["energy"],
        Text = "Body text.",
        Html = "<p>Body text.</p>",
        Summary = summary ?? $"Summary of {id}.",
        IngestedAt = new DateTimeOffset(2024, 11, 11, 10, 21, 0, TimeSpan.Zero),
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping server; the temp folder is cleaned by the OS later.
        }
    }
}
