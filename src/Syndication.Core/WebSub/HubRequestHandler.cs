using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Delivery;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Core.WebSub;

/// <summary>
/// A subscriber's request to the hub (WebSub §5.1): checks it, answers at once, and leaves verification of intent
/// to the <c>websub</c> queue. Both hosts' HTTP endpoints pass the form fields here.
/// </summary>
public sealed partial class HubRequestHandler(
    IBlobStore store,
    HubSubscriptionStore subscriptions,
    IWorkQueue queue,
    IOptions<FeedsOptions> feeds,
    IOptions<HubOptions> hub,
    IOptions<DeliveryOptions> delivery,
    ILogger<HubRequestHandler> logger)
{
    /// <summary>WebSub §5.1: secrets shorter than 200 bytes.</summary>
    public const int MaxSecretBytes = 199;

    /// <param name="form">The form fields (<c>hub.mode</c>, <c>hub.topic</c>, …); unknown ones are ignored.</param>
    public async Task<HubAnswer> HandleAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!feeds.Value.UsesBuiltInHub)
        {
            return new HubAnswer(404, "The built-in hub is off: Feeds:HubUrl names another hub (or none).");
        }

        var mode = Field(form, "hub.mode");
        if (mode is not ("subscribe" or "unsubscribe"))
        {
            return new HubAnswer(400, mode is null
                ? "hub.mode is missing; use subscribe or unsubscribe."
                : $"hub.mode '{mode}' is not supported; use subscribe or unsubscribe (feeds are distributed here when they change, no publish ping is needed).");
        }

        var topic = Field(form, "hub.topic");
        if (topic is null)
        {
            return new HubAnswer(400, "hub.topic is missing.");
        }

        if (HubTopics.FeedName(topic, feeds.Value) is not { } feedName
            || await store.GetPropertiesAsync(Containers.Feeds, feedName, cancellationToken) is null)
        {
            return new HubAnswer(404, $"hub.topic '{topic}' is not one of this site's feeds (they are under {feeds.Value.Base}/feeds/).");
        }

        var callbackText = Field(form, "hub.callback");
        if (!Uri.TryCreate(callbackText, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https") || callback.Fragment.Length > 0)
        {
            return new HubAnswer(400, "hub.callback must be an absolute http(s) URL without a fragment.");
        }

        if (delivery.Value.RequireHttps && callback.Scheme != Uri.UriSchemeHttps)
        {
            return new HubAnswer(400, "hub.callback must be an https:// URL (Delivery:RequireHttps).");
        }

        var secret = Field(form, "hub.secret");
        if (secret is not null && Encoding.UTF8.GetByteCount(secret) > MaxSecretBytes)
        {
            return new HubAnswer(400, $"hub.secret must be shorter than 200 bytes (got {Encoding.UTF8.GetByteCount(secret)}).");
        }

        long? lease = long.TryParse(Field(form, "hub.lease_seconds"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;

        var key = HubSubscriptionStore.Key(feedName, callback);
        if (mode == "subscribe" && await LimitReachedAsync(key, callback, cancellationToken) is { } refusal)
        {
            LogRefused(logger, callback.Host, refusal);
            return new HubAnswer(429, refusal);
        }

        var message = new HubMessage
        {
            Kind = HubMessage.Verify,
            FeedName = feedName,
            Mode = mode,
            Topic = topic,
            Callback = callback.AbsoluteUri,
            Secret = mode == "subscribe" ? secret : null,
            LeaseSeconds = (long)hub.Value.Lease(lease).TotalSeconds,
        };
        await queue.SendAsync(QueueNames.WebSub, message.ToJson(), TimeSpan.Zero, cancellationToken);
        LogAccepted(logger, mode, feedName, callback.Host);
        return new HubAnswer(202, $"Accepted: the hub will verify this {mode} request with a GET to the callback.");
    }

    /// <summary>Why a new subscription would exceed a limit, or null; renewals are never refused.</summary>
    public async Task<string?> LimitReachedAsync(string key, Uri callback, CancellationToken cancellationToken)
    {
        if (await subscriptions.ExistsAsync(key, cancellationToken))
        {
            return null;
        }

        var host = HubSubscriptionStore.HostOf(callback);
        var (total, onHost) = await subscriptions.CountAsync(host, cancellationToken);
        if (onHost >= hub.Value.MaxSubscriptionsPerHost)
        {
            return $"Too many subscriptions for callbacks on {callback.Host}: the limit is {hub.Value.MaxSubscriptionsPerHost} (Hub:MaxSubscriptionsPerHost).";
        }

        return total >= hub.Value.MaxSubscriptions
            ? $"The hub is full: the limit is {hub.Value.MaxSubscriptions} subscriptions (Hub:MaxSubscriptions)."
            : null;
    }

    private static string? Field(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Hub: {Mode} request for {FeedName} from a callback on {Host} accepted; verifying")]
    private static partial void LogAccepted(ILogger logger, string mode, string feedName, string host);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Hub: refused a subscription for a callback on {Host}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, string reason);
}

/// <summary>The hub's answer to a subscriber's request: status code and a short plain-text reason.</summary>
public sealed record HubAnswer(int StatusCode, string Message);
