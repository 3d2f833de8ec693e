using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syndication.Core;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Core.WebSub;
using Syndication.Delivery;
using Syndication.Storage.FileSystem;

namespace Syndication.Benchmarks;

/// <summary>
/// <c>websub-fanout [--subscribers 1000] [--slow-seconds 5] [--latency-runs 7] [--cli syndication.dll]</c>.
/// Fan-out: N loopback subscribers (one of them answers every request after 5 s) subscribe through the real hub
/// path (request → verification of intent), one feed change is distributed, the same distribution message is then
/// delivered again (as an at-least-once queue may), and the subscribers' side counts what arrived: wall time until
/// every fast subscriber had the document, duplicates, peak memory. Latency: the real CLI (<c>run</c>, watching)
/// with one subscriber; an article is dropped into <c>articles/</c> and the time until the subscriber receives the
/// site feed is measured, median of several.
/// </summary>
public sealed class WebSubFanoutBenchmark : IBenchmark
{
    public string Name => "websub-fanout";

    public string Description => "built-in WebSub hub: one change to N loopback subscribers (one slow), duplicates, memory; upload→subscriber latency through `run` [--subscribers 1000] [--slow-seconds 5] [--latency-runs 7]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = IntArg(args, "--subscribers", 1000);
        var slowSeconds = IntArg(args, "--slow-seconds", 5);
        var latencyRuns = IntArg(args, "--latency-runs", 7);
        var fanout = await FanOutAsync(count, TimeSpan.FromSeconds(slowSeconds), cancellationToken);
        var latency = latencyRuns > 0 ? await LatencyAsync(latencyRuns, Arg(args, "--cli") ?? ExtractionBenchmark.DefaultCli(), cancellationToken) : null;

        Console.WriteLine(JsonSerializer.Serialize(fanout));
        if (latency is not null)
        {
            Console.WriteLine(JsonSerializer.Serialize(latency));
        }

        return fanout.duplicates == 0 && fanout.missing == 0 ? 0 : 1;
    }

    private static async Task<FanOutResult> FanOutAsync(int count, TimeSpan slowDelay, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "syndication-bench-websub-" + Guid.NewGuid().ToString("N"));
        using var subscribers = new Subscribers(slowName: "s0", slowDelay);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Feeds:BaseUrl"] = "http://127.0.0.1:7071",
                ["Delivery:RequireHttps"] = "false",
                ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
                ["Delivery:Timeout"] = "00:00:30",
                ["Hub:MaxSubscriptionsPerHost"] = (count + 10).ToString(CultureInfo.InvariantCulture),
                ["Hub:MaxSubscriptions"] = (count + 10).ToString(CultureInfo.InvariantCulture),
            }).Build();
            var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error)).AddFileSystemStorage(root);
            services.AddSyndicationCore(configuration).AddSyndicationDelivery(configuration).AddSyndicationHub(configuration);
            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<IBlobStore>();
            var queue = provider.GetRequiredService<IWorkQueue>();
            var drainer = provider.GetRequiredService<QueueDrainer>();
            var hubHandler = ActivatorUtilities.CreateInstance<HubQueueHandler>(provider);
            var requests = provider.GetRequiredService<HubRequestHandler>();
            var notifier = provider.GetServices<IFeedChangeNotifier>().OfType<HubFeedChangeNotifier>().Single();

            const string topic = "http://127.0.0.1:7071/feeds/rss.xml";
            var feed = new BlobWriteOptions { ContentType = "application/rss+xml; charset=utf-8" };
            await store.PutAsync(Containers.Feeds, "rss.xml", Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>before</title></channel></rss>"), feed, cancellationToken);

            Console.WriteLine($"websub-fanout: {count} subscribers on {subscribers.BaseUrl} (one answers after {slowDelay.TotalSeconds:0} s), data in {root}");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var answer = await requests.HandleAsync(new Dictionary<string, string>
                {
                    ["hub.mode"] = "subscribe", ["hub.topic"] = topic, ["hub.callback"] = subscribers.Callback($"s{i}"), ["hub.secret"] = $"secret-{i}",
                }, cancellationToken);
                if (answer.StatusCode != 202)
                {
                    throw new InvalidOperationException($"subscribe {i}: {answer.StatusCode} {answer.Message}");
                }
            }

            await DrainAsync(queue, drainer, hubHandler, cancellationToken);
            var subscribeSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"  subscribed and verified {subscribers.Verified} in {subscribeSeconds:0.00} s");

            var body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>after</title>" + new string(' ', 20_000) + "</channel></rss>");
            await store.PutAsync(Containers.Feeds, "rss.xml", body, feed, cancellationToken);
            subscribers.Start();
            await notifier.FeedsChangedAsync([topic], cancellationToken);
            await DrainAsync(queue, drainer, hubHandler, cancellationToken);
            var total = subscribers.Elapsed.TotalSeconds;

            // At-least-once: the same distribution message again must reach nobody.
            await queue.SendAsync(QueueNames.WebSub, new HubMessage { Kind = HubMessage.Distribute, FeedName = "rss.xml" }.ToJson(), TimeSpan.Zero, cancellationToken);
            await DrainAsync(queue, drainer, hubHandler, cancellationToken);

            var fast = subscribers.Arrivals.Where(a => a.Key != "s0").Select(a => a.Value.TotalMilliseconds).Order().ToList();
            var result = new FanOutResult(
                subscribers: count,
                seconds: Math.Round(fast.Count == 0 ? 0 : fast[^1] / 1000, 3),
                duplicates: subscribers.Duplicates,
                peak_mb: Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
                missing: count - subscribers.Arrivals.Count,
                bad_signatures: subscribers.BadSignatures,
                median_ms: Math.Round(fast.Count == 0 ? 0 : fast[fast.Count / 2], 1),
                slow_subscriber_s: Math.Round(subscribers.Arrivals.TryGetValue("s0", out var slow) ? slow.TotalSeconds : -1, 3),
                total_s: Math.Round(total, 3),
                subscribe_s: Math.Round(subscribeSeconds, 3));
            Console.WriteLine($"  distributed: {count - result.missing} of {count} received; the {fast.Count} fast ones all within {result.seconds:0.000} s (median {result.median_ms:0} ms); the slow one after {result.slow_subscriber_s:0.0} s; {result.duplicates} duplicates, {result.bad_signatures} bad signatures; peak {result.peak_mb} MB");
            return result;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task DrainAsync(IWorkQueue queue, QueueDrainer drainer, IQueueWorkHandler handler, CancellationToken cancellationToken)
    {
        while (await queue.CountAsync(QueueNames.WebSub, cancellationToken) > 0)
        {
            await drainer.DrainAsync(handler, cancellationToken);
            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task<LatencyResult> LatencyAsync(int runs, string cli, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "syndication-bench-websub-run-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        var samples = Directory.EnumerateFiles(Path.Combine(FindRepositoryRoot(), "samples"), "*.html").Order(StringComparer.Ordinal).ToList();
        using var subscribers = new Subscribers(slowName: "none", TimeSpan.Zero);
        var port = FreePort();
        var run = $"http://127.0.0.1:{port}";
        Directory.CreateDirectory(Path.Combine(data, "articles"));
        File.Copy(samples[0], Path.Combine(data, "articles", "seed.html"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "run", "--data", data, "--urls", run })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Delivery__RequireHttps"] = "false";
        info.Environment["Delivery__AllowedNetworks__0"] = "127.0.0.0/8";
        info.Environment["NO_COLOR"] = "1";
        using var host = Process.Start(info)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        var latencies = new List<double>();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var topic = $"{run}/feeds/rss.xml";
            await WaitAsync(async () => (await http.GetAsync(topic, cancellationToken)).IsSuccessStatusCode, cancellationToken);
            using (var form = new FormUrlEncodedContent([new("hub.mode", "subscribe"), new("hub.topic", topic), new("hub.callback", subscribers.Callback("reader"))]))
            {
                using var answer = await http.PostAsync($"{run}/hub", form, cancellationToken);
                answer.EnsureSuccessStatusCode();
            }

            await WaitAsync(() => Task.FromResult(subscribers.Verified > 0 && Directory.Exists(Path.Combine(data, "websub", "subscriptions"))), cancellationToken);
            await Task.Delay(1000, cancellationToken);
            for (var i = 0; i < runs; i++)
            {
                var before = subscribers.Received;
                subscribers.Start();
                // What `upload` does on the folder store: write beside, then rename into articles/ at once.
                var temp = Path.Combine(data, $"upload-{i}.tmp");
                File.Copy(samples[(i + 1) % samples.Count], temp, overwrite: true);
                File.Move(temp, Path.Combine(data, "articles", $"latency-{i}.html"));
                await WaitAsync(() => Task.FromResult(subscribers.Received > before), cancellationToken);
                latencies.Add(subscribers.Elapsed.TotalMilliseconds);
                Console.WriteLine($"  upload {i + 1}: reached the subscriber after {latencies[^1]:0} ms");
                await Task.Delay(500, cancellationToken);
            }
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(CancellationToken.None);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var sorted = latencies.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine($"  upload → subscriber through `run`: median {median:0} ms, max {sorted[^1]:0} ms over {runs} uploads");
        return new LatencyResult("upload_to_subscriber", runs, Math.Round(median, 0), Math.Round(sorted[^1], 0));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new TimeoutException("websub-fanout: the host did not get there within 120 s");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syndication.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

#pragma warning disable IDE1006 // JSON field names of the benchmark contract
    private sealed record FanOutResult(int subscribers, double seconds, int duplicates, double peak_mb, int missing, int bad_signatures, double median_ms, double slow_subscriber_s, double total_s, double subscribe_s);

    private sealed record LatencyResult(string measurement, int uploads, double median_ms, double max_ms);
#pragma warning restore IDE1006

    /// <summary>Loopback subscribers on one HttpListener; each request is answered on its own task, so one slow answer holds up nothing else.</summary>
    private sealed class Subscribers : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _slowName;
        private readonly TimeSpan _slowDelay;
        private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
        private readonly Stopwatch _clock = new();
        private int _verified;
        private int _total;
        private int _badSignatures;

        public Subscribers(string slowName, TimeSpan slowDelay)
        {
            _slowName = slowName;
            _slowDelay = slowDelay;
            var port = FreePort();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseUrl);
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string BaseUrl { get; }

        public ConcurrentDictionary<string, TimeSpan> Arrivals { get; } = new(StringComparer.Ordinal);

        public int Verified => _verified;

        public int Received => _total;

        public int Duplicates => _received.Values.Count(v => v > 1);

        public int BadSignatures => _badSignatures;

        public TimeSpan Elapsed => _clock.Elapsed;

        public string Callback(string name) => $"{BaseUrl}cb/{name}";

        public void Start()
        {
            Arrivals.Clear();
            _clock.Restart();
        }

        private async Task AcceptAsync()
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

                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            try
            {
                var name = context.Request.Url!.AbsolutePath.Split('/')[^1];
                if (context.Request.HttpMethod == "GET")
                {
                    var challenge = HttpUtility.ParseQueryString(context.Request.Url.Query)["hub.challenge"] ?? "";
                    Interlocked.Increment(ref _verified);
                    await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(challenge));
                    context.Response.Close();
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var at = _clock.Elapsed;
                Arrivals.TryAdd(name, at);
                _received.AddOrUpdate(name, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _total);
                var secret = name.StartsWith('s') ? "secret-" + name[1..] : null;
                if (secret is not null && !HubSignature.Verify(secret, body.ToArray(), context.Request.Headers[HubSignature.HeaderName]))
                {
                    Interlocked.Increment(ref _badSignatures);
                }

                if (name == _slowName)
                {
                    await Task.Delay(_slowDelay);
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
            {
            }
        }

        public void Dispose() => _listener.Close();
    }
}
