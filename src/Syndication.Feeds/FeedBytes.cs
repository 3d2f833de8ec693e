using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>A document's bytes as a new array, for callers that want one (publishing renders into reused buffers instead).</summary>
internal static class FeedBytes
{
    public static byte[] Of(IFeedFormatter formatter, FeedDocument document)
    {
        using var stream = new MemoryStream(64 * 1024);
        formatter.Format(document, stream);
        return stream.ToArray();
    }
}
