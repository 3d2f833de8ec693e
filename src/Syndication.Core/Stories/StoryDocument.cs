namespace Syndication.Core.Stories;

/// <summary>
/// What the pipeline knows of one story (<c>journal/stories/&lt;id&gt;.json</c>): the entries that are its language
/// versions and the translations each names. Rewritten with If-Match, so concurrent ingests of its translations
/// each see the others' membership once they have joined.
/// </summary>
public sealed record StoryDocument
{
    public required string Id { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<StoryMember> Members { get; init; } = [];

    /// <summary>The member of <paramref name="entryId"/>, if it joined.</summary>
    public StoryMember? Find(string entryId) => Members.FirstOrDefault(m => m.EntryId == entryId);
}
