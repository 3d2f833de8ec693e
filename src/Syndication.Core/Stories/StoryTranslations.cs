using Syndication.Core.Entries;

namespace Syndication.Core.Stories;

/// <summary>
/// The translations an entry lists, from its story's document: one per language other than its own, sorted by
/// language. An entry we hold wins (with its id and link); otherwise the URL a member's page names. A deleted
/// member's URL is left out, even where a sibling page still names it.
/// </summary>
public static class StoryTranslations
{
    public static IReadOnlyList<EntryTranslation> For(StoryDocument story, string entryId, string? language, string url)
    {
        ArgumentNullException.ThrowIfNull(story);
        var self = StoryUrl.Normalise(url);
        var live = story.Members.Where(m => !m.Deleted).OrderBy(m => m.EntryId, StringComparer.Ordinal).ToList();
        var held = live.Select(m => StoryUrl.Normalise(m.Url)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var gone = story.Members.Where(m => m.Deleted).Select(m => StoryUrl.Normalise(m.Url)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var byLanguage = new SortedDictionary<string, EntryTranslation>(StringComparer.Ordinal);
        foreach (var member in live)
        {
            if (member.EntryId != entryId && member.Language is { } other && other != language && StoryUrl.Normalise(member.Url) != self)
            {
                byLanguage.TryAdd(other, new EntryTranslation(other, member.Url, member.EntryId));
            }
        }

        foreach (var alternate in live.SelectMany(m => m.Alternates))
        {
            var normal = StoryUrl.Normalise(alternate.Url);
            if (normal is not null && alternate.Language != language && normal != self && !held.Contains(normal) && !gone.Contains(normal))
            {
                byLanguage.TryAdd(alternate.Language, new EntryTranslation(alternate.Language, alternate.Url));
            }
        }

        return [.. byLanguage.Values];
    }

    /// <summary>Whether two lists say the same (record equality does not compare lists item by item).</summary>
    public static bool Same(IReadOnlyList<EntryTranslation> a, IReadOnlyList<EntryTranslation> b) =>
        a.Count == b.Count && a.SequenceEqual(b);
}
