using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Extraction;

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

            using var provider = BuildServices(parse, GlobalOptions.BuildConfiguration(parse));
            var extractor = provider.GetRequiredService<IArticleExtractor>();
            var pageBaseUrl = parse.GetValue(baseUrl);
            var failed = 0;
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
            await using (stdout)
            {
                // Pages are extracted on all cores but printed in input order: a window of in-flight pages, written
                // oldest first, keeps the order and bounds memory to a few pages per core however long the list is.
                var window = new Queue<Task<(string Json, bool Failed)>>();
                var limit = Math.Max(2, Environment.ProcessorCount * 4);
                foreach (var path in inputs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (window.Count >= limit)
                    {
                        failed += await WriteAsync(stdout, window.Dequeue());
                    }

                    window.Enqueue(Task.Run(() => Extract(extractor, path, pageBaseUrl), cancellationToken));
                }

                while (window.Count > 0)
                {
                    failed += await WriteAsync(stdout, window.Dequeue());
                }
            }

            return failed > 0 ? 2 : 0;
        });
        return command;
    }

    /// <summary>
    /// Just the extractor and the options it reads (<c>Ingest</c> section, validated), not the whole pipeline with
    /// its store: extract touches no store, and building the rest cost start-up time on every run.
    /// </summary>
    internal static ServiceProvider BuildServices(ParseResult parse, IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter(level => level >= (parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Information : LogLevel.Warning))
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSyndicationExtraction(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        ServiceFactory.ValidateOptions(provider);
        return provider;
    }

    private static async Task<int> WriteAsync(StreamWriter stdout, Task<(string Json, bool Failed)> page)
    {
        var (json, failed) = await page;
        await stdout.WriteLineAsync(json);
        return failed ? 1 : 0;
    }

    private static (string Json, bool Failed) Extract(IArticleExtractor extractor, string path, Uri? baseUrl)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var article = extractor.Extract(new ArticleSource(Path.GetFileName(path), bytes, null, baseUrl));
            return (JsonSerializer.Serialize(ToContract(path, article), Json), false);
        }
        // Any failure of one page is that page's error line, as ingest quarantines it: the rest still run.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                ExtractionException or IOException or UnauthorizedAccessException => ex.Message,
                _ => $"Extraction failed unexpectedly: {ex.GetType().Name}: {ex.Message}",
            };
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
