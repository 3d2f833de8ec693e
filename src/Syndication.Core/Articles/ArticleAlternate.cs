namespace Syndication.Core.Articles;

/// <summary>
/// A translation a page names for itself: <c>&lt;link rel="alternate" hreflang="ru" href="…"&gt;</c> in HTML.
/// </summary>
/// <param name="Language">Lower-case BCP 47 primary tag (en, ru, kk); never <c>x-default</c>.</param>
/// <param name="Url">Absolute URL of the translation.</param>
public sealed record ArticleAlternate(string Language, string Url);
