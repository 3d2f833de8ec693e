namespace Syndication.Core.Articles;

/// <summary>Turns an uploaded page (HTML or Markdown bytes) into a clean article.</summary>
public interface IArticleExtractor
{
    /// <summary>
    /// Extracts the article. Throws <see cref="ExtractionException"/> with a reader-facing reason when the input
    /// is not an article we can process (empty, binary, no body).
    /// </summary>
    ExtractedArticle Extract(ArticleSource source);
}

/// <summary>Shortens article text to a summary of a given length.</summary>
public interface ISummarizer
{
    /// <summary>Plain-text summary of at most <paramref name="maxChars"/> characters, never cut mid-word.</summary>
    string Summarize(ExtractedArticle article, int maxChars);
}

/// <summary>Raw upload bytes with what we know about them.</summary>
/// <param name="Name">Blob name (or file name) of the upload.</param>
/// <param name="Content">Raw bytes, in whatever charset the editor saved.</param>
/// <param name="ContentType">Blob content type, when the uploader set one (may carry a charset).</param>
/// <param name="BaseUrl">Base for relative links when the page has no canonical URL.</param>
public sealed record ArticleSource(string Name, ReadOnlyMemory<byte> Content, string? ContentType = null, Uri? BaseUrl = null);

/// <summary>What extraction found in a page.</summary>
public sealed record ExtractedArticle
{
    public required string Title { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Author { get; init; }

    /// <summary>Lower-case BCP 47 primary tag: en, ru, kk.</summary>
    public string? Language { get; init; }

    public string? Image { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? CanonicalUrl { get; init; }

    /// <summary>Translations the page names (hreflang alternates), other than the page itself.</summary>
    public IReadOnlyList<ArticleAlternate> Alternates { get; init; } = [];

    /// <summary>Markdown front matter's <c>translationKey</c>: uploads sharing it are one story.</summary>
    public string? TranslationKey { get; init; }

    /// <summary>Plain body text, paragraphs separated by a blank line.</summary>
    public required string Text { get; init; }

    /// <summary>Sanitised body HTML.</summary>
    public required string Html { get; init; }

    /// <summary>Plain-text summary.</summary>
    public required string Summary { get; init; }

    /// <summary>The page's own description, when it had one.</summary>
    public string? Description { get; init; }

    /// <summary>What ingest limits cut or dropped (readable sentences), or null when nothing was.</summary>
    public IReadOnlyList<string>? Limits { get; init; }
}

/// <summary>An input that cannot be turned into an article; the message is shown to editors.</summary>
public sealed class ExtractionException : Exception
{
    public ExtractionException() { }
    public ExtractionException(string message) : base(message) { }
    public ExtractionException(string message, Exception innerException) : base(message, innerException) { }
}
