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
}

/// <summary>
/// WebSub publisher: after feeds change, tells the hub (<c>hub.mode=publish</c>, <c>hub.url=&lt;feed&gt;</c>) so it
/// fetches and pushes them to subscribers. A hub that stays down is logged, never fails the publish: the next
/// change pings again and subscribers still poll.
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

        await Task.WhenAll(feedUrls.Distinct(StringComparer.Ordinal).Select(url => PingAsync(hub, url, cancellationToken)));
    }

    /// <summary>Pings the hub for one feed, retrying on failure; returns whether the hub accepted it.</summary>
    public async Task<bool> PingAsync(Uri hub, string feedUrl, CancellationToken cancellationToken)
    {
        var delays = options.Value.RetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var client = httpClientFactory.CreateClient(HttpClientName);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.Timeout);
                using var body = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", feedUrl)]);
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
