using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>The absolute URLs a document links to, for one format.</summary>
internal sealed record FeedLinks(string Self, string Current, string? PrevArchive, string? NextArchive)
{
    public static FeedLinks For(FeedDocument document, IFeedFormatter formatter)
    {
        var folder = FeedText.Url(document.BaseUrl.EndsWith('/') ? document.BaseUrl : document.BaseUrl + "/");
        var current = folder + formatter.FileName;
        var self = document.ArchivePage is null ? current : folder + document.ArchivePage + formatter.ArchiveSuffix;
        return new FeedLinks(
            self,
            current,
            document.PrevArchive is null ? null : folder + document.PrevArchive + formatter.ArchiveSuffix,
            document.NextArchive is null ? null : folder + document.NextArchive + formatter.ArchiveSuffix);
    }
}
