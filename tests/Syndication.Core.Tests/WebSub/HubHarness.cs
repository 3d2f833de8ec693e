using System.Collections.Concurrent;
using System.Text;
using System.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Delivery;
using Syndication.Core.Storage;
using Syndication.Core.WebSub;
using Syndication.Storage.FileSystem;

namespace Syndication.Core.Tests.WebSub;

/// <summary>
/// The hub's Core services on a temporary folder store, with a scripted callback client in place of HTTP: each
/// callback answers verification by echoing the challenge unless told otherwise, and distributions with a chosen status.
/// </summary>
public sealed class HubHarness : IDisposable
{
    public const string Base = "https://think.example";

    public HubHarness(Dictionary<string, string?>? settings = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "syndication-hub-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?> { ["Feeds:BaseUrl"] = Base };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddFileSystemStorage(Root);
        services.AddSyndicationCore(configuration);
        services.AddSyndicationHub(configuration);
        services.AddOptions<DeliveryOptions>().Configure(o => o.RetrySchedule = [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)]);
        services.AddSingleton<IHubCallbackClient>(Client);
        Services = services.BuildServiceProvider();
    }

    public string Root { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 11, 11, 10, 0, 0, TimeSpan.Zero));

    public ScriptedCallbacks Client { get; } = new();

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public HubFeedChangeNotifier Notifier => Services.GetServices<Publishing.IFeedChangeNotifier>().OfType<HubFeedChangeNotifier>().Single();

    public Task WriteFeedAsync(string name, string content) =>
        Get<IBlobStore>().PutAsync(Containers.Feeds, name, Encoding.UTF8.GetBytes(content), new BlobWriteOptions { ContentType = "application/atom+xml; charset=utf-8" }, CancellationToken.None);

    public Task<HubAnswer> RequestAsync(string mode, string topic, string callback, string? secret = null, string? lease = null)
    {
        var form = new Dictionary<string, string> { ["hub.mode"] = mode, ["hub.topic"] = topic, ["hub.callback"] = callback };
        if (secret is not null)
        {
            form["hub.secret"] = secret;
        }

        if (lease is not null)
        {
            form["hub.lease_seconds"] = lease;
        }

        return Get<HubRequestHandler>().HandleAsync(form, CancellationToken.None);
    }

    /// <summary>Handles every visible websub message (verifications, distributions, due retries).</summary>
    public async Task DrainAsync()
    {
        var handler = ActivatorUtilities.CreateInstance<HubQueueHandler>(Services);
        await Get<Queues.QueueDrainer>().DrainAsync(handler, CancellationToken.None);
    }

    public async Task<List<HubSubscription>> SubscriptionsAsync() =>
        [.. (await Get<HubSubscriptionStore>().ListAsync(1000, CancellationToken.None)).Select(s => s.Subscription)];

    public void Dispose()
    {
        Services.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>Callbacks by URL path: how each answers, and what each received.</summary>
public sealed class ScriptedCallbacks : IHubCallbackClient
{
    public ConcurrentDictionary<string, Func<string, HubCallbackResponse>> Verification { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> DistributionStatus { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(Uri Url, Dictionary<string, string> Query)> Gets { get; } = new();

    public ConcurrentQueue<(string Callback, byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)> Posts { get; } = new();

    public Task<HubCallbackResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        var values = query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k]!, StringComparer.Ordinal);
        Gets.Enqueue((url, values));
        var answer = Verification.TryGetValue(url.AbsolutePath, out var script)
            ? script(values.GetValueOrDefault("hub.challenge", ""))
            : new HubCallbackResponse(200, values.GetValueOrDefault("hub.challenge", ""));
        return Task.FromResult(answer);
    }

    public Task<HubCallbackResponse> PostAsync(Uri callback, ReadOnlyMemory<byte> body, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        Posts.Enqueue((callback.AbsolutePath, body.ToArray(), contentType, headers));
        return Task.FromResult(new HubCallbackResponse(DistributionStatus.GetValueOrDefault(callback.AbsolutePath, 204), null));
    }
}
