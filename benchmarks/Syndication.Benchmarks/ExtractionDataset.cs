using System.IO.Compression;
using System.Text.Json;

namespace Syndication.Benchmarks;

/// <summary>
/// One benchmark page: gzip-decompressed bytes exactly as captured, and its annotation: the whole body
/// (<see cref="Truth"/>, token metric) or segments the text must and must not contain (segment metric).
/// </summary>
public sealed record ExtractionPage(string Id, string Url, byte[] Html, string Truth, IReadOnlyList<string> With, IReadOnlyList<string> Without);

/// <summary>
/// A benchmark data set in one of the two layouts under <c>../shared/benchmarks/</c>, told apart by their annotation file:
/// <c>ground-truth.json</c> + <c>html/&lt;id&gt;.html.gz</c> (whole bodies, token 4-gram shingle F1) or
/// <c>evaldata.json</c> + <c>html/&lt;file&gt;.gz</c> (segments that must and must not be extracted, segment F).
/// </summary>
public sealed class ExtractionDataset
{
    private ExtractionDataset(string directory, ExtractionMetric metric, List<ExtractionPage> pages)
    {
        Directory = directory;
        Metric = metric;
        Pages = pages;
    }

    public string Directory { get; }

    /// <summary>The folder's name (<c>extraction</c>, <c>extraction-multilingual</c>), as the JSON lines report it.</summary>
    public string Name => Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));

    public ExtractionMetric Metric { get; }

    public IReadOnlyList<ExtractionPage> Pages { get; }

    /// <summary>Whether <paramref name="directory"/> holds a data set in either layout.</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, "ground-truth.json")) || File.Exists(Path.Combine(directory, "evaldata.json"));

    public static ExtractionDataset Load(string directory)
    {
        directory = Path.GetFullPath(directory);
        return File.Exists(Path.Combine(directory, "evaldata.json"))
            ? new ExtractionDataset(directory, ExtractionMetric.Segments, LoadSegments(directory))
            : new ExtractionDataset(directory, ExtractionMetric.TokenShingles, LoadBodies(directory));
    }

    /// <summary>Scores one extractor's texts (in page order) with this data set's own metric.</summary>
    public ExtractionScore Score(IReadOnlyList<string> predictions) => ExtractionScore.Of(Metric, Pages, predictions);

    private static List<ExtractionPage> LoadBodies(string directory)
    {
        using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "ground-truth.json")));
        var pages = new List<ExtractionPage>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            pages.Add(new ExtractionPage(entry.Name, entry.Value.GetProperty("url").GetString() ?? "", Gunzip(Path.Combine(directory, "html", entry.Name + ".html.gz")),
                entry.Value.GetProperty("articleBody").GetString() ?? "", [], []));
        }

        return pages;
    }

    private static List<ExtractionPage> LoadSegments(string directory)
    {
        using var evaluation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "evaldata.json")));
        var pages = new List<ExtractionPage>();
        foreach (var entry in evaluation.RootElement.EnumerateObject())
        {
            var file = entry.Value.GetProperty("file").GetString() ?? throw new InvalidDataException($"{entry.Name}: no file");
            // The key is the page's address, or a label ("hard::site.html") when the corpus has none.
            var url = Uri.TryCreate(entry.Name, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" ? entry.Name : "";
            pages.Add(new ExtractionPage(Path.GetFileNameWithoutExtension(file), url, Gunzip(Path.Combine(directory, "html", file + ".gz")), "",
                Strings(entry.Value, "with"), Strings(entry.Value, "without")));
        }

        pages.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return pages;
    }

    private static List<string> Strings(JsonElement entry, string name)
    {
        var list = new List<string>();
        if (entry.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.GetString() is { } text)
                {
                    list.Add(text);
                }
            }
        }

        return list;
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
