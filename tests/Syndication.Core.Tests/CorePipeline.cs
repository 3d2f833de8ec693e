using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;

namespace Syndication.Core.Tests;

/// <summary>
/// Core on the real filesystem adapter in a temp folder, with a tiny extractor and formatter so these tests pin
/// down Core's own behaviour (idempotency, quarantine, deletion), whatever the real libraries do.
/// </summary>
public sealed class CorePipeline : IDisposable
{
    /// <param name="extractor">Replaces the title-only extractor (e.g. one that reads translation links).</param>
    /// <param name="decorate">Wraps the folder store the pipeline uses (to count or fail its operations).</param>
    public CorePipeline(IArticleExtractor? extractor = null, Func<IBlobStore, IBlobStore>? decorate = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "syndication-core-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:BaseUrl"] = "https://think.example",
            ["Feeds:HeadSize"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IEntryChangeHandler>(Crash); // first: a crash here leaves nothing queued
        services.AddFileSystemStorage(Root);
        if (decorate is not null)
        {
            services.AddSingleton<FileSystemBlobStore>();
            services.AddSingleton(sp => decorate(sp.GetRequiredService<FileSystemBlobStore>()));
        }

        services.AddSyndicationCore(configuration);
        services.AddSingleton<IArticleExtractor>(new HookedExtractor(extractor ?? new TitleOnlyExtractor(), source => BeforeExtract?.Invoke(source)));
        services.AddSingleton<IFeedFormatter, IdListFormatter>();
        services.AddSingleton<IOpmlWriter, IdListFormatter>();
        Services = services.BuildServiceProvider();
    }

    public string Root { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 11, 11, 10, 0, 0, TimeSpan.Zero));

    public ServiceProvider Services { get; }

    /// <summary>Armed, it throws from the first change handler: a process that dies after a durable write, before announcing.</summary>
    public CrashingChangeHandler Crash { get; } = new();

    /// <summary>Runs inside extraction, between reading an upload and saving its entry (to interleave a racing writer).</summary>
    public Action<ArticleSource>? BeforeExtract { get; set; }

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task UploadAsync(string name, string content) =>
        Store.PutAsync(Containers.Articles, name, Encoding.UTF8.GetBytes(content), new BlobWriteOptions { ContentType = "text/html" }, CancellationToken.None);

    public async Task<string?> ReadAsync(string container, string name)
    {
        var blob = await Store.GetAsync(container, name, CancellationToken.None);
        return blob is null ? null : Encoding.UTF8.GetString(blob.Content.Span);
    }

    public void Dispose()
    {
        Services.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>Throws <see cref="IOException"/> from <see cref="OnEntryChangedAsync"/> while armed.</summary>
public sealed class CrashingChangeHandler : IEntryChangeHandler
{
    public bool Armed { get; set; }

    public int Crashes { get; private set; }

    /// <summary>Sees every change announced while not armed, in order (to check what partners would be told).</summary>
    public Action<EntryChange>? Seen { get; set; }

    public Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        if (!Armed)
        {
            Seen?.Invoke(change);
        }

        if (Armed)
        {
            Crashes++;
            throw new IOException($"Simulated crash before announcing {change.Kind} of {change.Entry.Id}.");
        }

        return Task.CompletedTask;
    }
}

/// <summary>Calls a hook, then the real extractor.</summary>
internal sealed class HookedExtractor(IArticleExtractor inner, Action<ArticleSource> before) : IArticleExtractor
{
    public ExtractedArticle Extract(ArticleSource source)
    {
        before(source);
        return inner.Extract(source);
    }
}

/// <summary>Reads &lt;title&gt; and an optional &lt;meta name="lang"&gt;; refuses pages without a title.</summary>
internal sealed partial class TitleOnlyExtractor : IArticleExtractor
{
    public ExtractedArticle Extract(ArticleSource source)
    {
        var html = Encoding.UTF8.GetString(source.Content.Span);
        var title = TitleRegex().Match(html);
        if (!title.Success)
        {
            throw new ExtractionException("No article found: the page has no title.");
        }

        var lang = LangRegex().Match(html);
        return new ExtractedArticle
        {
            Title = title.Groups[1].Value,
            Language = lang.Success ? lang.Groups[1].Value : null,
            Tags = lang.Success ? ["tag-" + lang.Groups[1].Value] : [],
            Text = html,
            Html = html,
            Summary = title.Groups[1].Value,
        };
    }

    [GeneratedRegex("<title>([^<]+)</title>")]
    private static partial Regex TitleRegex();

    [GeneratedRegex("<meta name=\"lang\" content=\"([a-z]+)\">")]
    private static partial Regex LangRegex();
}

/// <summary>Writes one entry id per line: enough to assert which entries a feed holds, in order.</summary>
internal sealed class IdListFormatter : IFeedFormatter, IOpmlWriter
{
    public string FileName => "ids.txt";

    public string ArchiveSuffix => ".ids.txt";

    public string ContentType => "text/plain; charset=utf-8";

    public byte[] Format(FeedDocument document) =>
        Encoding.UTF8.GetBytes(string.Join('\n', document.Entries.Select(e => e.Id)));

    public byte[] Write(string title, IReadOnlyList<OpmlOutline> outlines) =>
        Encoding.UTF8.GetBytes(string.Join('\n', outlines.Select(o => o.XmlUrl)));
}
