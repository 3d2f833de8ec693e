namespace Syndication.Core.WebSub;

/// <summary>Topics of the hub are the head feed documents (<c>feeds/…/rss.xml</c>, <c>atom.xml</c>, <c>feed.json</c>).</summary>
public static class HubTopics
{
    private static readonly string[] HeadFiles = ["rss.xml", "atom.xml", "feed.json"];

    /// <summary>Whether a name under <c>feeds/</c> is a head document (archive pages and the OPML index are not topics).</summary>
    public static bool IsHeadDocument(string feedName)
    {
        ArgumentNullException.ThrowIfNull(feedName);
        var segments = feedName.Split('/');
        return HeadFiles.Contains(segments[^1], StringComparer.Ordinal) && !segments.Contains("archive", StringComparer.Ordinal)
            && !segments.Any(s => s.Length == 0 || s is "." or "..");
    }

    /// <summary>The head document a topic URL names, or null when it is not one of our feeds.</summary>
    public static string? FeedName(string? topicUrl, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(topicUrl, UriKind.Absolute, out var topic) || topic.Query.Length > 0 || topic.Fragment.Length > 0)
        {
            return null;
        }

        var feeds = new Uri(options.Base + "/feeds/");
        if (!string.Equals(topic.Scheme, feeds.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(topic.Authority, feeds.Authority, StringComparison.OrdinalIgnoreCase)
            || !topic.AbsolutePath.StartsWith(feeds.AbsolutePath, StringComparison.Ordinal))
        {
            return null;
        }

        var name = Uri.UnescapeDataString(topic.AbsolutePath[feeds.AbsolutePath.Length..]);
        return IsHeadDocument(name) ? name : null;
    }

    /// <summary>The URL of a feed document, as feeds link to themselves (percent-encoded).</summary>
    public static string TopicUrl(string feedName, FeedsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Uri(options.Base + "/feeds/" + feedName).AbsoluteUri;
    }
}
