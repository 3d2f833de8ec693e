namespace Syndication.Extraction.Html;

/// <summary>What kind of output element a block becomes.</summary>
internal enum BlockKind
{
    Paragraph,
    Heading,
    ListItem,
    Quote,
    Preformatted,
    Caption,
    Image,
    Cell,
}

/// <summary>
/// One run of text owned by the nearest block-level element (or one image), in document order, with the inline HTML
/// it came from and how much of it is link text.
/// </summary>
internal sealed class ContentBlock
{
    public required int Owner { get; init; }
    public required BlockKind Kind { get; init; }
    public required string Tag { get; init; }
    public required string Text { get; init; }
    public required string InlineHtml { get; init; }
    public required int LinkChars { get; init; }

    /// <summary>Characters set in bold or italics (em, i, strong, b).</summary>
    public int EmphasisChars { get; init; }
    public string? ImageUrl { get; init; }
    public string? ImageAlt { get; init; }
    public int ListId { get; init; }
    public bool Ordered { get; init; }
    public bool Good { get; set; }

    public int Length => Text.Length;

    public double LinkDensity => Text.Length == 0 ? 0 : (double)LinkChars / Text.Length;

    /// <summary>The whole block is set in bold or italics: an editor's note, a disclaimer or a promotion line.</summary>
    public bool Emphasised => Text.Length > 0 && EmphasisChars >= 0.9 * Text.Length;
}
