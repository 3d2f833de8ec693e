using Microsoft.Extensions.Options;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;

namespace Syndication.Core.WebSub;

/// <summary>
/// Told by the publisher which head feeds changed; queues one distribution per changed topic that has
/// subscribers, when the feeds advertise the built-in hub. The publish itself never waits for subscribers.
/// </summary>
public sealed class HubFeedChangeNotifier(HubSubscriptionStore subscriptions, IWorkQueue queue, IOptions<FeedsOptions> feeds) : IFeedChangeNotifier
{
    public async Task FeedsChangedAsync(IReadOnlyList<string> feedUrls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedUrls);
        if (!feeds.Value.UsesBuiltInHub)
        {
            return;
        }

        foreach (var name in feedUrls.Select(url => HubTopics.FeedName(url, feeds.Value)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await subscriptions.AnyAsync(name, cancellationToken))
            {
                await queue.SendAsync(QueueNames.WebSub, new HubMessage { Kind = HubMessage.Distribute, FeedName = name }.ToJson(), TimeSpan.Zero, cancellationToken);
            }
        }
    }
}
