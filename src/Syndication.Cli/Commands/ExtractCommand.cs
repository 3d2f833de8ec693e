using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Articles;
using Syndication.Core.Entries;

namespace Syndication.Cli.Commands;

/// <summary><c>extract</c>: pure extraction, one JSON object per input per line, no store.</summary>
internal static class ExtractCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.ZeroOrMore, Description = "HTML or Markdown files" };
        var list = new Option<string?>("--list") { Description = "File listing inputs, one path per line" };
        var baseUrl = new Option<Uri?>("--base-url") { Description = "Base for relative links when a page has no canonical URL" };
        var command = new Command("extract", "Extract articles from files and print them as JSON Lines") { files, list, baseUrl };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = new List<string>(parse.GetValue(files) ?? []);
            var listFile = parse.GetValue(list);
            if (listFile is not null)
            {
                if (!File.Exists(listFile))
                {
                    throw new CliException($"list file not found: {listFile}");
                }

                inputs.AddRange((await File.ReadAllLinesAsync(listFile, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }

            if (inputs.Count == 0)
            {
                throw new CliException("nothing to extract: give files or --list FILE");
            }

            using var provider = ServiceFactory.Build(parse, GlobalOptions.BuildConfiguration(parse));
            var extractor = provider.GetRequiredService<IArticleExtractor>();
            var failed = 0;
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
            await using (stdout)
            {
                foreach (var path in inputs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = Extract(extractor, path, parse.GetValue(baseUrl));
                    failed += line.Failed ? 1 : 0;
                    await stdout.WriteLineAsync(line.Json);
                }
            }

            return failed > 0 ? 2 : 0;
        });
        return command;
    }

    private static (string Json, bool Failed) Extract(IArticleExtractor extractor, string path, Uri? baseUrl)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var article = extractor.Extract(new ArticleSource(Path.GetFileName(path), bytes, null, baseUrl));
            return (JsonSerializer.Serialize(ToContract(path, article), Json), false);
        }
        catch (Exception ex) when (ex is ExtractionException or IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            return (JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = path, ["error"] = reason }, Json), true);
        }
    }

    /// <summary>The extraction JSON fields of the CLI contract (ARCHITECTURE.md), in contract order.</summary>
    internal static Dictionary<string, object?> ToContract(string source, ExtractedArticle article) => new()
    {
        ["source"] = source,
        ["id"] = EntryIds.FromArticleName(Path.GetFileName(source)),
        ["title"] = article.Title,
        ["published"] = article.Published?.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        ["updated"] = article.Updated?.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        ["author"] = article.Author,
        ["language"] = article.Language,
        ["image"] = article.Image,
        ["tags"] = article.Tags,
        ["canonicalUrl"] = article.CanonicalUrl,
        ["text"] = article.Text,
        ["html"] = article.Html,
        ["summary"] = article.Summary,
    };
}
