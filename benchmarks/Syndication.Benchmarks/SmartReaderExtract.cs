using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Syndication.Benchmarks;

/// <summary>
/// The baseline process of the <c>extraction</c> benchmark (hidden command <c>smartreader-extract --list FILE</c>):
/// what a SmartReader user would write to do the job of <c>syndication extract --list</c> — read each file, decode
/// UTF-8, <c>new Reader(url, html).GetArticle()</c>, print one JSON line per page, one page after another.
/// List lines are <c>path</c> or <c>path&lt;TAB&gt;url</c>: the url is the page's own address (SmartReader resolves
/// links against it), as a user crawling the site would know it.
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

        var failed = 0;
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        foreach (var line in File.ReadAllLines(args[index + 1]))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            var path = parts[0].Trim();
            var url = parts.Length > 1 ? parts[1].Trim() : new Uri(Path.GetFullPath(path)).AbsoluteUri;
            try
            {
                var html = Encoding.UTF8.GetString(File.ReadAllBytes(path));
                var article = new SmartReader.Reader(url, html).GetArticle();
                var text = article.IsReadable ? article.TextContent ?? "" : "";
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = path, ["text"] = text }, Json));
            }
#pragma warning disable CA1031 // A baseline user's loop goes on past any one failing page, as ours does.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = path, ["error"] = ex.Message }, Json));
            }
        }

        return failed > 0 ? 2 : 0;
    }
}
