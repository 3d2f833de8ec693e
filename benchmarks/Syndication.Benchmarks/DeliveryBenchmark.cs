using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syndication.Core;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Delivery;
using Syndication.Storage.FileSystem;

namespace Syndication.Benchmarks;

/// <summary>
/// <c>delivery [--articles N --partners P --failure-rate R --workers W --seed S] [--stories | --one-language-per-story]</c>: fans N articles out to P
/// loopback partners (HttpListener) that fail a seeded fraction R of requests with 503, drains the deliveries
/// queue on the filesystem adapter until empty, and checks from the partners' side (deduplicating by webhook-id)
/// that every delivery was accepted exactly once.
/// </summary>
public sealed class DeliveryBenchmark : IBenchmark
{
    private static readonly string[] StoryLanguages = ["en", "ru"];

    public string Name => "delivery";

    public string Description => "signed webhook delivery to loopback partners with transient failures: deliveries/s, lost, duplicates";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var articles = IntArg(args, "--articles", 1000);
        var partnerCount = IntArg(args, "--partners", 5);
        var failureRate = double.Parse(Arg(args, "--failure-rate") ?? "0.3", CultureInfo.InvariantCulture);
        var workers = IntArg(args, "--workers", 4);
        var seed = IntArg(args, "--seed", 20241111);
        // Stories on: every article is the English version of a story with Russian and Kazakh translations (which
        // the payload lists); with --one-language-per-story every partner also takes each story once, English first.
        var oneLanguage = args.Contains("--one-language-per-story");
        var stories = oneLanguage || args.Contains("--stories");

        var root = Path.Combine(Path.GetTempPath(), "syndication-bench-delivery-" + Guid.NewGuid().ToString("N"));
        var receivers = Enumerable.Range(0, partnerCount).Select(i => new LoopbackPartner(failureRate, seed + i)).ToList();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Short delays keep the run short; twelve attempts make a 30 % failure rate all but certain to get through.
                ["Delivery:RetrySchedule"] = "00:00:00, 00:00:00, 00:00:00.010, 00:00:00.020, 00:00:00.050, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100, 00:00:00.100",
                ["Delivery:Timeout"] = "00:00:10",
                ["Delivery:RequireHttps"] = "false",
                ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Error))
                .AddFileSystemStorage(root);
            services.AddSyndicationCore(configuration).AddSyndicationDelivery(configuration);
            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<IBlobStore>();
            var queue = provider.GetRequiredService<IWorkQueue>();
            var fanOut = provider.GetRequiredService<DeliveryFanOut>();
            var handler = provider.GetRequiredService<DeliveryQueueHandler>();
            var drainer = provider.GetRequiredService<QueueDrainer>();

            var registry = new
            {
                partners = receivers.Select((r, i) => oneLanguage
                    ? (object)new { id = $"bench-{i}", name = $"Bench {i}", url = r.Url.ToString(), secret = r.Secret, languages = StoryLanguages, oneLanguagePerStory = true }
                    : new { id = $"bench-{i}", name = $"Bench {i}", url = r.Url.ToString(), secret = r.Secret }),
            };
            await store.PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, JsonSerializer.SerializeToUtf8Bytes(registry), null, cancellationToken);

            Console.WriteLine($"delivery: {articles} articles x {partnerCount} partners, failure rate {failureRate:P0}, {workers} workers, stories {(oneLanguage ? "on, one language per story" : stories ? "on" : "off")}, data in {root}");
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, articles), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
                await fanOut.OnEntryChangedAsync(new EntryChange(EntryChangeKind.Published, stories ? WithStory(Article(i)) : Article(i)), ct));
            var fannedOut = clock.Elapsed;

            while (await queue.CountAsync(QueueNames.Deliveries, cancellationToken) > 0)
            {
                await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => drainer.DrainAsync(handler, cancellationToken)));
                await Task.Delay(10, cancellationToken);
            }

            clock.Stop();
            var expected = articles * partnerCount;
            var accepted = receivers.Sum(r => r.AcceptedIds);
            var lost = expected - accepted;
            var duplicates = receivers.Sum(r => r.AcceptedMoreThanOnce);
            var requests = receivers.Sum(r => r.Requests);
            var badSignatures = receivers.Sum(r => r.BadSignatures);
            var perSecond = expected / clock.Elapsed.TotalSeconds;

            Console.WriteLine($"  fan-out of {expected} deliveries: {fannedOut.TotalSeconds:0.00} s");
            Console.WriteLine($"  all settled after {clock.Elapsed.TotalSeconds:0.00} s: {perSecond:0} deliveries/s, {requests} HTTP requests ({requests - expected} retries)");
            Console.WriteLine($"  accepted {accepted}/{expected}, lost {lost}, accepted more than once {duplicates}, bad signatures {badSignatures}");
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["deliveries"] = expected,
                ["per_s"] = Math.Round(perSecond, 1),
                ["lost"] = lost,
                ["duplicates_accepted"] = duplicates,
                ["articles"] = articles,
                ["partners"] = partnerCount,
                ["failure_rate"] = failureRate,
                ["stories"] = oneLanguage ? "one-language-per-story" : stories ? "on" : "off",
                ["requests"] = requests,
                ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
            }));
            return lost == 0 && duplicates == 0 && badSignatures == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                receiver.Dispose();
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is a temp folder.
            }
        }
    }

    private static Entry Article(int i) => new()
    {
        Id = $"bench-article-{i:D6}",
        Version = "v1",
        Source = $"bench-article-{i:D6}.html",
        Title = $"Benchmark article {i}",
        Url = $"https://news.example/articles/bench-article-{i:D6}",
        Published = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
        Updated = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
        Language = "en",
        Tags = ["energy"],
        Text = "Body.",
        Html = "<p>Body.</p>",
        Summary = "A summary of the benchmark article.",
        IngestedAt = new DateTimeOffset(2024, 11, 11, 10, 21, 0, TimeSpan.Zero),
    };

    private static Entry WithStory(Entry entry) => entry with
    {
        Story = "st_" + entry.Id,
        Translations =
        [
            new EntryTranslation("kk", entry.Url.Replace("/articles/", "/kk/articles/", StringComparison.Ordinal)),
            new EntryTranslation("ru", entry.Url.Replace("/articles/", "/ru/articles/", StringComparison.Ordinal)),
        ],
    };

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A partner on 127.0.0.1 that verifies signatures, fails a seeded fraction with 503 and deduplicates by webhook-id.</summary>
    private sealed class LoopbackPartner : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Random _random;
        private readonly double _failureRate;
        private readonly Lock _gate = new();
        private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
        private int _requests;
        private int _badSignatures;

        public LoopbackPartner(double failureRate, int seed)
        {
            _failureRate = failureRate;
            _random = new Random(seed);
            var port = FreePort();
            Url = new Uri($"http://127.0.0.1:{port}/hooks/");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(AcceptLoopAsync);
        }

        public Uri Url { get; }
        public string Secret { get; } = WebhookSecret.Generate();
        public int AcceptedIds => _accepted.Count;
        public int AcceptedMoreThanOnce => _accepted.Values.Count(v => v > 1);
        public int Requests => _requests;
        public int BadSignatures => _badSignatures;

        private async Task AcceptLoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => Handle(context));
            }
        }

        private void Handle(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = reader.ReadToEnd();
            var id = context.Request.Headers["webhook-id"] ?? "";
            Interlocked.Increment(ref _requests);
            var problem = WebhookSigner.Verify(Secret, id, context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body, DateTimeOffset.UtcNow);
            bool fail;
            lock (_gate)
            {
                fail = _random.NextDouble() < _failureRate;
            }

            if (problem is not null)
            {
                Interlocked.Increment(ref _badSignatures);
                context.Response.StatusCode = 401;
            }
            else if (fail)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                _accepted.AddOrUpdate(id, 1, (_, n) => n + 1);
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
