namespace Syndication.Benchmarks;

/// <summary>How a data set scores extracted text (each data set's README states its metric).</summary>
public enum ExtractionMetric
{
    /// <summary>Token 4-gram shingles against the whole annotated body; precision and recall are means over pages.</summary>
    TokenShingles,

    /// <summary>Annotated segments found or not in the whitespace-normalised text; counts summed over all pages.</summary>
    Segments,
}
