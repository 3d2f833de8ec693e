using System.Text;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>The functions resolved from the real container and called as the runtime would, against Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class FunctionInvocationTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FunctionHost _host;
    private readonly BlobServiceClient _blobs;
    private readonly QueueServiceClient _queues;

    public FunctionInvocationTests(AzuriteFixture azurite)
    {
        _host = new FunctionHost(azurite);
        _blobs = _host.Get<BlobServiceClient>();
        _queues = _host.Get<QueueServiceClient>();
    }

    [Fact]
    public async Task ArticleUploaded_NewPage_WritesEntryAndPublishWorkWritesFeeds()
    {
        var (name, title) = NewArticle();
        var blob = await UploadAsync(name, Page(title));

        await _host.Function<ArticleUploaded>().Run(blob, name, Ct);

        var entry = await _host.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName(name), Ct);
        Assert.True(entry is not null, $"No entry was written for articles/{name}");
        Assert.Equal(title, entry.Title);

        var handled = await RunPublishWorkAsync();
        Assert.True(handled > 0, "Ingest queued no publish work");
        var rss = await _host.Get<IBlobStore>().GetAsync(Containers.Feeds, "rss.xml", Ct);
        Assert.True(rss is not null, "feeds/rss.xml was not written");
        var titles = XDocument.Parse(Encoding.UTF8.GetString(rss.Content.Span)).Descendants("item").Select(i => (string?)i.Element("title")).ToList();
        Assert.True(titles.Contains(title), $"feeds/rss.xml lacks '{title}'; it lists: {string.Join(" | ", titles)}");
        var atom = await _host.Get<IBlobStore>().GetAsync(Containers.Feeds, "atom.xml", Ct);
        Assert.True(atom is not null && Encoding.UTF8.GetString(atom.Content.Span).Contains(title, StringComparison.Ordinal), $"feeds/atom.xml lacks '{title}'");
    }

    [Fact]
    public async Task ArticleUploaded_SameBytesTwice_LeavesEntryAndQueuesUntouched()
    {
        var (name, title) = NewArticle();
        var blob = await UploadAsync(name, Page(title));
        var function = _host.Function<ArticleUploaded>();
        await function.Run(blob, name, Ct);
        await RunPublishWorkAsync();
        var store = _host.Get<IBlobStore>();
        var entryName = EntryRepository.BlobName(EntryIds.FromArticleName(name));
        var before = await store.GetPropertiesAsync(Containers.Entries, entryName, Ct);

        await function.Run(blob, name, Ct); // Event Grid delivers at least once

        var after = await store.GetPropertiesAsync(Containers.Entries, entryName, Ct);
        Assert.Equal(before?.ETag, after?.ETag);
        Assert.Equal(0, await _host.Get<IWorkQueue>().CountAsync(QueueNames.Publish, Ct));
    }

    [Fact]
    public async Task ArticleUploaded_EmptyUpload_IsQuarantinedWithReason()
    {
        var name = $"broken-{Guid.NewGuid():N}.html";
        var blob = await UploadAsync(name, []);

        await _host.Function<ArticleUploaded>().Run(blob, name, Ct);

        var record = await _host.Get<Syndication.Core.Ingest.QuarantineStore>().GetAsync(name, Ct);
        Assert.True(record is not null, $"no quarantine record for {name}");
        Assert.Equal("The file is empty (0 bytes).", record.Reason);
        Assert.Null(await _host.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName(name), Ct));
    }

    [Fact]
    public async Task Reconcile_ArticleWithoutEventThenDeleted_IngestsThenRemovesEntry()
    {
        // An article that stays: alone, the deletion would empty the listing, which the mass-deletion guard refuses
        // (run by itself, this test would otherwise meet an empty account; with others, a full one).
        var (staying, stayingTitle) = NewArticle();
        await UploadAsync(staying, Page(stayingTitle));
        var (name, title) = NewArticle();
        var blob = await UploadAsync(name, Page(title));
        var entries = _host.Get<EntryRepository>();
        var id = EntryIds.FromArticleName(name);

        await _host.Function<Reconcile>().Run(new TimerInfo(), Ct);
        Assert.Equal(title, (await entries.GetAsync(id, Ct))?.Title);

        await blob.DeleteAsync(cancellationToken: Ct);
        await _host.Function<Reconcile>().Run(new TimerInfo { IsPastDue = true }, Ct);
        Assert.Null(await entries.GetAsync(id, Ct));
        Assert.Equal(stayingTitle, (await entries.GetAsync(EntryIds.FromArticleName(staying), Ct))?.Title);
    }

    [Fact]
    public async Task Health_Get_ReturnsOkStatus()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();

        var result = Health.Run(context.Request);

        var ok = Assert.IsType<Microsoft.AspNetCore.Mvc.OkObjectResult>(result);
        Assert.Contains("ok", System.Text.Json.JsonSerializer.Serialize(ok.Value), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public void EveryFunctionClass_ActivatesFromTheContainer()
    {
        var classes = typeof(ArticleUploaded).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0))
            .ToList();

        Assert.True(classes.Count >= 5, $"Found only {classes.Count} function classes");
        foreach (var type in classes)
        {
            Assert.NotNull(Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(_host.Services, type));
        }
    }

    /// <summary>Feeds the publish queue to PublishWork as the runtime does: receive, invoke, delete on success.</summary>
    private async Task<int> RunPublishWorkAsync()
    {
        var queue = _queues.GetQueueClient(QueueNames.Publish);
        var function = _host.Function<PublishWork>();
        var handled = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), Ct)).Value;
            if (messages.Length == 0)
            {
                return handled;
            }

            foreach (var message in messages)
            {
                await function.Run(message, Ct);
                // The runtime's delete must still find the message: the handler's complete was only recorded.
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
                handled++;
            }
        }
    }

    private async Task<BlobClient> UploadAsync(string name, byte[] content)
    {
        var container = _blobs.GetBlobContainerClient(Containers.Articles);
        await container.CreateIfNotExistsAsync(cancellationToken: Ct);
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, Ct);
        return blob;
    }

    private static (string Name, string Title) NewArticle()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return ($"steppe-rail-{tag}.html", $"Steppe rail link opens to freight {tag}");
    }

    private static byte[] Page(string title) => Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{{title}}</title>
        <meta property="og:title" content="{{title}}">
        <meta property="article:published_time" content="2024-11-11T10:20:00Z"></head>
        <body>
        <nav><a href="/">Home</a> <a href="/economy">Economy</a></nav>
        <article>
        <h1>{{title}}</h1>
        <p class="byline">By Aigerim Sadykova</p>
        <p>The new rail link across the steppe opened to freight traffic on Monday, cutting the journey between the
        two regional hubs from three days to a little over thirty hours, according to the operator.</p>
        <p>Officials said the line would carry grain and building materials first, with passenger services expected
        next year once the remaining stations are finished and the signalling has been certified.</p>
        <p>Local businesses welcomed the opening, saying lower transport costs would help them reach new markets
        along the corridor and beyond the border.</p>
        </article>
        <footer>© 2024 Steppe News</footer>
        </body></html>
        """);

    public void Dispose() => _host.Dispose();
}
