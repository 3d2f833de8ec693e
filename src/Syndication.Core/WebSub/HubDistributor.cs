using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Delivery;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.WebSub;

/// <summary>
/// Content distribution (WebSub §7): when a topic changes, each active subscriber gets one POST of the whole new
/// document, with the topic's Content-Type, <c>Link: &lt;hub&gt;; rel="hub", &lt;topic&gt;; rel="self"</c> and, with a
/// secret, <c>X-Hub-Signature: sha256=…</c>. Each send is claimed on the subscription first (If-Match), and the
/// hash of the accepted document is recorded, so at-least-once queue messages never reach a subscriber twice.
/// Failures retry on Delivery:RetrySchedule; 410 unsubscribes; failing past the schedule drops the subscription.
/// </summary>
public sealed partial class HubDistributor(
    IBlobStore store,
    HubSubscriptionStore subscriptions,
    IHubCallbackClient client,
    IWorkQueue queue,
    IOptions<FeedsOptions> feeds,
    IOptions<HubOptions> hub,
    IOptions<DeliveryOptions> delivery,
    TimeProvider timeProvider,
    ILogger<HubDistributor> logger)
{
    /// <summary>Sends the topic's current document to every subscriber that has not had it; returns how many accepted it.</summary>
    public async Task<int> DistributeAsync(string feedName, CancellationToken cancellationToken)
    {
        if (await ReadAsync(feedName, cancellationToken) is not { } document)
        {
            return 0;
        }

        var keys = new List<string>();
        await foreach (var key in subscriptions.ListKeysAsync(feedName, cancellationToken))
        {
            keys.Add(key);
        }

        var accepted = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = hub.Value.MaxParallelDistributions, CancellationToken = cancellationToken },
            async (key, token) =>
            {
                if (await SendAsync(key, document, attempt: 0, token))
                {
                    Interlocked.Increment(ref accepted);
                }
            });
        LogDistributed(logger, feedName, keys.Count, accepted);
        return accepted;
    }

    /// <summary>A retry for one subscriber: sends the topic's current document (the newest is the one that matters).</summary>
    public async Task<bool> RetryAsync(string feedName, string callback, int attempt, CancellationToken cancellationToken) =>
        await ReadAsync(feedName, cancellationToken) is { } document
        && await SendAsync(HubSubscriptionStore.Key(feedName, new Uri(callback)), document, attempt, cancellationToken);

    private async Task<TopicDocument?> ReadAsync(string feedName, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(Containers.Feeds, feedName, cancellationToken);
        return blob is null ? null : new TopicDocument(feedName, blob.Content, blob.Properties.ContentType ?? "application/octet-stream",
            Convert.ToHexStringLower(SHA256.HashData(blob.Content.Span))[..32]);
    }

    private async Task<bool> SendAsync(string key, TopicDocument document, int attempt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = false;
        var claimed = await subscriptions.UpdateAsync(key, current =>
        {
            expired = current is not null && current.Expires <= now;
            if (current is null || expired || current.DeliveredHash == document.Hash
                || current.Claim is { } claim && claim.Hash == document.Hash && claim.Until > now)
            {
                return null; // gone, expired, already has this document, or another worker is sending it
            }

            return current with { Claim = new HubClaim(document.Hash, now + delivery.Value.Timeout * 2 + TimeSpan.FromSeconds(30)) };
        }, cancellationToken);

        if (expired)
        {
            await subscriptions.DeleteAsync(key, cancellationToken);
            LogExpired(logger, document.FeedName, key);
            return false;
        }

        if (claimed is null)
        {
            return false;
        }

        var callback = new Uri(claimed.Callback);
        List<KeyValuePair<string, string>> headers =
            [new("Link", $"<{feeds.Value.AdvertisedHubUrl}>; rel=\"hub\", <{claimed.Topic}>; rel=\"self\"")];
        if (claimed.Secret is { } secret)
        {
            headers.Add(new(HubSignature.HeaderName, HubSignature.Header(secret, document.Content.Span)));
        }

        var response = await client.PostAsync(callback, document.Content, document.ContentType, headers, cancellationToken);
        var outcome = new HubDistribution(timeProvider.GetUtcNow(), response.IsSuccess, response.StatusCode, response.IsSuccess ? null : response.Describe(), attempt);
        if (response.IsSuccess)
        {
            await RecordAsync(key, s => s with { DeliveredHash = document.Hash, Claim = null, LastDistribution = outcome }, cancellationToken);
            return true;
        }

        if (response.StatusCode == 410)
        {
            await subscriptions.DeleteAsync(key, cancellationToken);
            LogGone(logger, document.FeedName, callback.Host);
            return false;
        }

        var schedule = delivery.Value.RetrySchedule;
        if (attempt + 1 >= schedule.Count)
        {
            await subscriptions.DeleteAsync(key, cancellationToken);
            LogDropped(logger, document.FeedName, callback.Host, attempt + 1, response.Describe());
            return false;
        }

        await RecordAsync(key, s => s with { Claim = null, LastDistribution = outcome }, cancellationToken);
        var retry = new HubMessage { Kind = HubMessage.Retry, FeedName = document.FeedName, Callback = claimed.Callback, Attempt = attempt + 1 };
        await queue.SendAsync(QueueNames.WebSub, retry.ToJson(), schedule[attempt + 1], cancellationToken);
        LogRetrying(logger, document.FeedName, callback.Host, response.Describe(), schedule[attempt + 1]);
        return false;
    }

    private Task<HubSubscription?> RecordAsync(string key, Func<HubSubscription, HubSubscription> change, CancellationToken cancellationToken) =>
        subscriptions.UpdateAsync(key, current => current is null ? null : change(current), cancellationToken);

    private sealed record TopicDocument(string FeedName, ReadOnlyMemory<byte> Content, string ContentType, string Hash);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Hub: {FeedName} changed; {Accepted} of {Subscribers} subscriber(s) accepted it now")]
    private static partial void LogDistributed(ILogger logger, string feedName, int subscribers, int accepted);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Hub: distribution of {FeedName} to a callback on {Host} failed ({Failure}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string feedName, string host, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Error, Message = "Hub: callback on {Host} kept failing for {FeedName} ({Attempts} attempts, last {Failure}); subscription dropped")]
    private static partial void LogDropped(ILogger logger, string feedName, string host, int attempts, string failure);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Information, Message = "Hub: callback on {Host} answered 410 Gone for {FeedName}; unsubscribed")]
    private static partial void LogGone(ILogger logger, string feedName, string host);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Information, Message = "Hub: subscription {Key} to {FeedName} expired; removed")]
    private static partial void LogExpired(ILogger logger, string feedName, string key);
}
