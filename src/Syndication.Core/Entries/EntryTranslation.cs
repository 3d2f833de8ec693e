namespace Syndication.Core.Entries;

/// <summary>Another language version of the same story, as an entry knows it.</summary>
/// <param name="Language">Lower-case BCP 47 primary tag (en, ru, kk).</param>
/// <param name="Url">Absolute link to the translation (its entry's link once we hold it, else the page's own alternate URL).</param>
/// <param name="EntryId">Our entry id of the translation, when we hold it; null while only the page names it.</param>
public sealed record EntryTranslation(string Language, string Url, string? EntryId = null);
