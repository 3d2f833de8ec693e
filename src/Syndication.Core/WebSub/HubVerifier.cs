using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Syndication.Core.WebSub;

/// <summary>
/// Verification of intent (WebSub §5.3): a GET to the callback with <c>hub.mode</c>, <c>hub.topic</c>, a random
/// <c>hub.challenge</c> and <c>hub.lease_seconds</c>. Only a 2xx whose body is exactly the challenge activates (or
/// removes) the subscription; anything else changes nothing. A subscription that would now exceed a limit is
/// denied (§5.2, <c>hub.mode=denied</c>).
/// </summary>
public sealed partial class HubVerifier(
    HubSubscriptionStore subscriptions,
    HubRequestHandler requests,
    IHubCallbackClient client,
    TimeProvider timeProvider,
    ILogger<HubVerifier> logger)
{
    /// <summary>Verifies one accepted request; returns whether the subscriber confirmed it.</summary>
    public async Task<bool> VerifyAsync(HubMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var callback = new Uri(message.Callback ?? throw new InvalidDataException("A verify message without a callback."));
        var topic = message.Topic ?? throw new InvalidDataException("A verify message without a topic.");
        var key = HubSubscriptionStore.Key(message.FeedName, callback);
        var subscribe = message.Mode == "subscribe";

        if (subscribe && await requests.LimitReachedAsync(key, callback, cancellationToken) is { } reason)
        {
            var denied = await client.GetAsync(WithQuery(callback, [new("hub.mode", "denied"), new("hub.topic", topic), new("hub.reason", reason)]), cancellationToken);
            LogDenied(logger, message.FeedName, callback.Host, reason, denied.Describe());
            return false;
        }

        var challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var lease = message.LeaseSeconds ?? 0;
        List<KeyValuePair<string, string>> query = [new("hub.mode", message.Mode!), new("hub.topic", topic), new("hub.challenge", challenge)];
        if (subscribe)
        {
            query.Add(new("hub.lease_seconds", lease.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var response = await client.GetAsync(WithQuery(callback, query), cancellationToken);
        if (!response.IsSuccess || !string.Equals(response.Body, challenge, StringComparison.Ordinal))
        {
            LogNotVerified(logger, message.Mode!, message.FeedName, callback.Host, response.IsSuccess ? "the body was not the challenge" : response.Describe());
            return false;
        }

        if (!subscribe)
        {
            await subscriptions.DeleteAsync(key, cancellationToken);
            LogUnsubscribed(logger, message.FeedName, callback.Host);
            return true;
        }

        var now = timeProvider.GetUtcNow();
        await subscriptions.UpdateAsync(key, existing => (existing ?? new HubSubscription
        {
            Topic = topic,
            FeedName = message.FeedName,
            Callback = callback.AbsoluteUri,
            LeaseSeconds = lease,
            Created = now,
            Verified = now,
            Expires = now,
        }) with
        {
            // A renewal keeps what was delivered (no re-send) and takes the new lease and secret.
            Topic = topic,
            Secret = message.Secret,
            LeaseSeconds = lease,
            Verified = now,
            Expires = now.AddSeconds(lease),
        }, cancellationToken);
        LogSubscribed(logger, message.FeedName, callback.Host, lease);
        return true;
    }

    /// <summary>The callback URL with the hub's parameters added to whatever query it already has (§5.3).</summary>
    public static Uri WithQuery(Uri callback, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var added = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var builder = new UriBuilder(callback) { Fragment = "" };
        builder.Query = builder.Query.Length > 1 ? builder.Query[1..] + "&" + added : added;
        return builder.Uri;
    }

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Hub: {FeedName} subscribed by a callback on {Host} for {LeaseSeconds} s")]
    private static partial void LogSubscribed(ILogger logger, string feedName, string host, long leaseSeconds);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "Hub: {FeedName} unsubscribed by a callback on {Host}")]
    private static partial void LogUnsubscribed(ILogger logger, string feedName, string host);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Hub: {Mode} of {FeedName} by a callback on {Host} not verified ({Failure}); nothing changed")]
    private static partial void LogNotVerified(ILogger logger, string mode, string feedName, string host, string failure);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "Hub: subscription of {FeedName} by a callback on {Host} denied: {Reason} (callback answered {Answer})")]
    private static partial void LogDenied(ILogger logger, string feedName, string host, string reason, string answer);
}
