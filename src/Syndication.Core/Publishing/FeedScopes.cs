using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>Which feed sets an entry belongs to.</summary>
public static class FeedScopes
{
    public static IEnumerable<FeedScope> For(Entry entry, FeedsOptions options)
    {
        yield return FeedScope.Site(options.Title);
        if (!string.IsNullOrEmpty(entry.Language))
        {
            yield return ForLanguage(entry.Language, options);
        }

        foreach (var tag in entry.Tags.Select(t => (Tag: t, Slug: TagNames.Slug(t))).Where(t => t.Slug.Length > 0).DistinctBy(t => t.Slug))
        {
            yield return ForTag(tag.Tag, tag.Slug, options);
        }
    }

    public static FeedScope ForLanguage(string language, FeedsOptions options) =>
        new(language, $"{options.Title} ({language})", Language: language);

    public static FeedScope ForTag(string tag, string slug, FeedsOptions options) =>
        new("tags/" + slug, $"{options.Title}: {tag}", Tag: tag);
}
