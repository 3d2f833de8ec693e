using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Syndication.Core.Articles;
using Syndication.Extraction.Decoding;

namespace Syndication.Benchmarks;

/// <summary>
/// The baseline process of the <c>extraction</c> benchmark (hidden command <c>smartreader-extract --list FILE</c>):
/// what a SmartReader user would write to do the job of <c>syndication extract --list</c>. Each file is read and
/// decoded as our product decodes uploads (<see cref="PageDecoder"/>: BOM, meta charset, valid UTF-8, then UTF.Unknown,
/// the detector SmartReader itself depends on), so both sides see the same characters; then
/// <c>new Reader(url, html).GetArticle()</c> and its <c>TextContent</c>, kept whether or not SmartReader calls the page
/// readable (a user gets that text either way, and it scores better than nothing). Pages run on every core, as ours do
/// (PLINQ, output in input order, one worker per <see cref="Environment.ProcessorCount"/>, which
/// <c>DOTNET_PROCESSOR_COUNT</c> sets for both sides). List lines are <c>path</c> or <c>path&lt;TAB&gt;url</c>: the
/// url is the page's own address (SmartReader resolves links against it), as a user crawling the site would know it.
/// </summary>
public static class SmartReaderExtract
{
    public const string CommandName = "smartreader-extract";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string[] args)
    {
        var index = Array.IndexOf(args, "--list");
        if (index < 0 || index + 1 >= args.Length || !File.Exists(args[index + 1]))
        {
            Console.Error.WriteLine($"usage: {CommandName} --list FILE (lines: path or path<TAB>url)");
            return 64;
        }

        var inputs = File.ReadAllLines(args[index + 1]).Where(l => l.Trim().Length > 0).Select(l => l.Split('\t')).ToList();
        var failed = 0;
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        foreach (var (line, ok) in inputs.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount).Select(Extract))
        {
            failed += ok ? 0 : 1;
            stdout.WriteLine(line);
        }

        return failed > 0 ? 2 : 0;
    }

    /// <summary>Extracts one page; the JSON line to print and whether it succeeded.</summary>
    public static (string Line, bool Ok) Extract(string[] input)
    {
        var path = input[0].Trim();
        var url = input.Length > 1 && input[1].Trim().Length > 0 ? input[1].Trim() : new Uri(Path.GetFullPath(path)).AbsoluteUri;
        try
        {
            var text = TextOf(url, File.ReadAllBytes(path), path);
            return (JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = path, ["text"] = text }, Json), true);
        }
#pragma warning disable CA1031 // A baseline user's loop goes on past any one failing page, as ours does.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = path, ["error"] = ex.Message }, Json), false);
        }
    }

    /// <summary>SmartReader's text of one page (also used by the benchmark's in-process table).</summary>
    public static string TextOf(string url, byte[] bytes, string name)
    {
        // Empty or binary input throws ExtractionException here, as it fails on our side.
        var html = PageDecoder.Decode(new ArticleSource(name, bytes));
        return new SmartReader.Reader(url, html).GetArticle().TextContent ?? "";
    }
}
