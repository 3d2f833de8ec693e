using Syndication.Core.Articles;

namespace Syndication.Core.Stories;

/// <summary>One entry of a story as its document remembers it.</summary>
/// <param name="Url">The entry's link (its canonical URL when it has one).</param>
/// <param name="Alternates">The translations the entry's page names.</param>
/// <param name="Deleted">The entry was deleted: it and its URL drop out of its siblings' translations until it is uploaded again.</param>
public sealed record StoryMember(string EntryId, string? Language, string Url, IReadOnlyList<ArticleAlternate> Alternates, bool Deleted = false)
{
    /// <summary>Same facts (lists compared item by item, which record equality does not do).</summary>
    public bool SameAs(StoryMember other) =>
        other is not null && EntryId == other.EntryId && Language == other.Language && Url == other.Url && Deleted == other.Deleted
        && Alternates.SequenceEqual(other.Alternates);
}
