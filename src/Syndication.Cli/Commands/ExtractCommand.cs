using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Extraction;

namespace Syndication.Cli.Commands;

/// <summary><c>extract</c>: pure extraction, one JSON object per input per line, no store.</summary>
internal static class ExtractCommand
{
    // Non-ASCII text stays readable (Cyrillic, Kazakh), as people read these lines too.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] NewLine = System.Text.Encoding.UTF8.GetBytes(Environment.NewLine);

    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.ZeroOrMore, Description = "HTML or Markdown files" };
        var list = new Option<string?>("--list") { Description = "File listing inputs, one path per line" };
        var baseUrl = new Option<Uri?>("--base-url") { Description = "Base for relative links when a page has no canonical URL" };
        var command = new Command("extract", "Extract articles from files and print them as JSON Lines") { files, list, baseUrl };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // One-time start-up work of the per-page code runs on another core while this thread reads the arguments.
            _ = Task.Run(WarmUp, cancellationToken);
            var inputs = new List<string>(parse.GetValue(files) ?? []);
            var listFile = parse.GetValue(list);
            if (listFile is not null)
            {
                if (!File.Exists(listFile))
                {
                    throw new CliException($"list file not found: {listFile}");
                }

                // Read synchronously: a list is small, and the async reader's machinery costs start-up on every run.
                inputs.AddRange(File.ReadAllLines(listFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }

            if (inputs.Count == 0)
            {
                throw new CliException("nothing to extract: give files or --list FILE");
            }

            var extractor = CreateExtractor(GlobalOptions.BuildConfiguration(parse));
            var pageBaseUrl = parse.GetValue(baseUrl);
            var failed = 0;
            var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            await using (stdout)
            {
                // Pages are extracted on all cores but printed in input order: a window of in-flight pages, written
                // oldest first, keeps the order and bounds memory to a few pages per core however long the list is.
                var window = new Queue<Task<(byte[] Json, bool Failed)>>();
                var limit = Math.Max(2, Environment.ProcessorCount * 4);
                foreach (var path in inputs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (window.Count >= limit)
                    {
                        failed += await WriteAsync(stdout, window.Dequeue(), cancellationToken);
                    }

                    window.Enqueue(Task.Run(() => Extract(extractor, path, pageBaseUrl), cancellationToken));
                }

                while (window.Count > 0)
                {
                    failed += await WriteAsync(stdout, window.Dequeue(), cancellationToken);
                }

                await stdout.FlushAsync(cancellationToken);
            }

            return failed > 0 ? 2 : 0;
        });
        return command;
    }

    /// <summary>
    /// Just the extractor and the options it reads (<c>Ingest</c> section, validated), built by hand: extract touches no
    /// store, and a service container, the reflection-based binder and the DataAnnotations validator cost about 50 ms of
    /// every run's start. Binding and validation are generated at build time (EnableConfigurationBindingGenerator,
    /// <see cref="IngestOptionsValidator"/>).
    /// </summary>
    internal static IArticleExtractor CreateExtractor(IConfiguration configuration)
    {
        var ingest = new IngestOptions();
        configuration.GetSection(IngestOptions.SectionName).Bind(ingest);
        var validation = new IngestOptionsValidator().Validate(null, ingest);
        if (validation.Failed)
        {
            throw new CliException("invalid configuration: " + string.Join("; ", validation.Failures ?? []));
        }

        return ArticleExtractor.Create(ingest);
    }

    /// <summary>
    /// Extracts a small built-in page and discards it: the first real page then finds the parser, the extractor's tables,
    /// the hash behind entry ids (OpenSSL's start-up) and the JSON writer ready. Never affects output; failures are ignored.
    /// </summary>
    private static void WarmUp()
    {
        try
        {
            var extractor = ArticleExtractor.Create();
            var article = extractor.Extract(new ArticleSource("warm-up.html", WarmUpPage, "text/html", null));
            _ = ToContractJson("warm-up.html", article);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The real pages report their own errors.
        }
    }

    private static readonly byte[] WarmUpPage = System.Text.Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Warm-up | Site</title>" +
        "<meta property=\"og:title\" content=\"Warm-up\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Warm-up\",\"datePublished\":\"2024-11-11T10:00:00Z\"}</script></head>" +
        "<body><nav><a href=\"/\">Home</a></nav><article><h1>Warm-up</h1><p class=\"byline\">By Jane Doe, 11 November 2024</p>" +
        "<p>The first paragraph of a page that exists only so the extractor is ready before the first real page arrives.</p>" +
        "<p>A second paragraph, with <a href=\"/more\">a link</a> and <b>bold text</b>, ends with a full stop.</p></article></body></html>");

    private static async Task<int> WriteAsync(Stream stdout, Task<(byte[] Json, bool Failed)> page, CancellationToken cancellationToken)
    {
        var (json, failed) = await page;
        await stdout.WriteAsync(json, cancellationToken);
        await stdout.WriteAsync(NewLine, cancellationToken);
        return failed ? 1 : 0;
    }

    private static (byte[] Json, bool Failed) Extract(IArticleExtractor extractor, string path, Uri? baseUrl)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var article = extractor.Extract(new ArticleSource(Path.GetFileName(path), bytes, null, baseUrl));
            return (ToContractJson(path, article), false);
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
            return (WriteJson(json =>
            {
                json.WriteString("source", path);
                json.WriteString("error", reason);
            }), true);
        }
    }

    /// <summary>
    /// One line of the CLI contract (ARCHITECTURE.md): the extraction JSON fields in contract order, nulls written.
    /// Written field by field rather than serialised: the reflection serialiser's first use cost about 40 ms of every run.
    /// </summary>
    internal static byte[] ToContractJson(string source, ExtractedArticle article) => WriteJson(json =>
    {
        json.WriteString("source", source);
        json.WriteString("id", EntryIds.FromArticleName(Path.GetFileName(source)));
        json.WriteString("title", article.Title);
        json.WriteString("published", article.Published?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
        json.WriteString("updated", article.Updated?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
        json.WriteString("author", article.Author);
        json.WriteString("language", article.Language);
        json.WriteString("image", article.Image);
        if (article.Tags is null)
        {
            json.WriteNull("tags");
        }
        else
        {
            json.WriteStartArray("tags");
            foreach (var tag in article.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
        }

        json.WriteString("canonicalUrl", article.CanonicalUrl);
        json.WriteString("text", article.Text);
        json.WriteString("html", article.Html);
        json.WriteString("summary", article.Summary);
    });

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
