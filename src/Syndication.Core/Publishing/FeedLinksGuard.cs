using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Storage;

namespace Syndication.Core.Publishing;

/// <summary>
/// Feeds carry absolute links (self, hub, article pages). When a host starts with another base URL or hub than
/// the feeds were written for (<c>demo</c> on one port, <c>run --urls</c> on another), every feed is rebuilt once,
/// so each link resolves on the host that serves them. What they were written for is kept in
/// <c>publishing/feed-links.json</c>.
/// </summary>
public sealed partial class FeedLinksGuard(IBlobStore store, IFeedPublisher publisher, IOptions<FeedsOptions> options, ILogger<FeedLinksGuard> logger)
{
    public const string MarkerName = "feed-links.json";

    /// <summary>Rebuilds the feeds if they were written for other links; returns whether it did.</summary>
    public async Task<bool> EnsureCurrentAsync(CancellationToken cancellationToken, IProgress<RebuildProgress>? progress = null)
    {
        var wanted = Current();
        var marker = await store.GetJsonAsync<FeedLinksMarker>(Containers.Publishing, MarkerName, PublishingPaths.Json, cancellationToken);
        if (marker?.Value == wanted)
        {
            return false;
        }

        var hasFeeds = false;
        await foreach (var _ in store.ListAsync(Containers.Feeds, "", cancellationToken))
        {
            hasFeeds = true;
            break;
        }

        if (hasFeeds)
        {
            LogRebuilding(logger, marker?.Value.BaseUrl ?? "(unknown)", wanted.BaseUrl);
            await publisher.RebuildAsync(cancellationToken, progress);
        }

        await store.PutJsonAsync(Containers.Publishing, MarkerName, wanted, PublishingPaths.Json, ifMatch: null, createOnly: false, cancellationToken);
        return hasFeeds;
    }

    private FeedLinksMarker Current()
    {
        var feeds = options.Value;
        return new FeedLinksMarker(feeds.Base, feeds.AdvertisedHubUrl?.ToString());
    }

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Feeds were written for {OldBase}; rebuilding them for {NewBase} so every link resolves")]
    private static partial void LogRebuilding(ILogger logger, string oldBase, string newBase);
}

/// <summary>The links feeds were last written with.</summary>
public sealed record FeedLinksMarker(string BaseUrl, string? HubUrl);
