using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>Configuration section <c>WebSub</c>: how the hub is pinged (the hub itself is <c>Feeds:HubUrl</c>).</summary>
public sealed class WebSubOptions
{
    public const string SectionName = "WebSub";

    /// <summary>Delay before each retry after a failed ping; tests shorten it.</summary>
    public IList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>Per request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Feed URLs named in one ping (<c>hub.url</c> repeated): one publish changes up to a few dozen feeds.</summary>
    [Range(1, 1_000)]
    public int MaxUrlsPerPing { get; set; } = 100;

    /// <summary>Pings to the hub under way at once, when one change names more feeds than fit in one ping.</summary>
    [Range(1, 64)]
    public int MaxConcurrentPings { get; set; } = 2;
}

/// <summary>
/// WebSub publisher: after feeds change, tells the hub (<c>hub.mode=publish</c>, <c>hub.url=&lt;feed&gt;</c>) so it
/// fetches and pushes them to subscribers. The changed feeds go in batches, <c>hub.url</c> repeated in one request
/// (as PubSubHubbub hubs accept), a few requests at a time, not one request per feed all at once. A hub that stays
/// down is logged, never fails the publish: the next change pings again and subscribers still poll.
/// </summary>
public sealed partial class WebSubNotifier(
    IHttpClientFactory httpClientFactory,
    IOptions<FeedsOptions> feeds,
    IOptions<WebSubOptions> options,
    TimeProvider timeProvider,
    ILogger<WebSubNotifier> logger) : IFeedChangeNotifier
{
    public const string HttpClientName = "websub";

    public async Task FeedsChangedAsync(IReadOnlyList<string> feedUrls, CancellationToken cancellationToken)
    {
        if (feeds.Value.ExternalHubUrl is not { } hub || feedUrls.Count == 0)
        {
            return;
        }

        var batches = feedUrls.Distinct(StringComparer.Ordinal).Chunk(options.Value.MaxUrlsPerPing);
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentPings, CancellationToken = cancellationToken },
            async (batch, ct) => await PingAsync(hub, batch, ct));
    }

    /// <summary>Pings the hub for one feed, retrying on failure; returns whether the hub accepted it.</summary>
    public Task<bool> PingAsync(Uri hub, string feedUrl, CancellationToken cancellationToken) =>
        PingAsync(hub, [feedUrl], cancellationToken);

    /// <summary>Pings the hub for several feeds in one request, retrying on failure; returns whether the hub accepted it.</summary>
    public async Task<bool> PingAsync(Uri hub, IReadOnlyList<string> feedUrls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedUrls);
        var feedUrl = feedUrls.Count == 1 ? feedUrls[0] : $"{feedUrls[0]} and {feedUrls.Count - 1} more";
        var delays = options.Value.RetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var client = httpClientFactory.CreateClient(HttpClientName);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.Timeout);
                using var body = new FormUrlEncodedContent([new("hub.mode", "publish"), .. feedUrls.Select(url => new KeyValuePair<string, string>("hub.url", url))]);
                using var response = await client.PostAsync(hub, body, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    LogPinged(logger, hub, feedUrl, (int)response.StatusCode);
                    return true;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failure = ex.GetType().Name + ": " + ex.Message;
            }

            if (attempt >= delays.Count)
            {
                LogGaveUp(logger, hub, feedUrl, attempt + 1, failure);
                return false;
            }

            LogRetry(logger, hub, feedUrl, failure, delays[attempt]);
            await Task.Delay(delays[attempt], timeProvider, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "WebSub hub {Hub} accepted {FeedUrl} ({Status})")]
    private static partial void LogPinged(ILogger logger, Uri hub, string feedUrl, int status);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "WebSub hub {Hub} failed for {FeedUrl}: {Failure}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Uri hub, string feedUrl, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "WebSub hub {Hub} refused {FeedUrl} after {Attempts} attempts: {Failure}")]
    private static partial void LogGaveUp(ILogger logger, Uri hub, string feedUrl, int attempts, string failure);
}
