using System.Text;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Entries;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>
/// The anonymous reader-facing functions over Azurite: feeds served with ETag / 304 when storage is private, and
/// the article page feeds link to, on the Function App's own host.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PublicSiteFunctionTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AzuriteFixture _azurite;
    private readonly FunctionHost _host;

    public PublicSiteFunctionTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        // As infra/main.bicep sets them with public blob feeds: feeds in storage, article pages on the app.
        _host = new FunctionHost(azurite, settings: new Dictionary<string, string?>
        {
            ["Feeds:BaseUrl"] = "https://stnews.blob.core.windows.net/",
            ["Feeds:ArticleBaseUrl"] = "https://func-news.azurewebsites.net/api",
        });
    }

    [Fact]
    public async Task PublicFeeds_ConditionalGet_Returns200ThenNotModified()
    {
        var name = $"smoke-{Guid.NewGuid():N}/rss.xml";
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>");
        await _host.Get<IBlobStore>().PutAsync(Containers.Feeds, name, body,
            new BlobWriteOptions { ContentType = "application/rss+xml; charset=utf-8", CacheControl = "public, max-age=60" }, Ct);

        var first = await InvokeAsync(c => PublicFeeds.Run(c.Request, name), "GET");
        Assert.Equal(200, first.StatusCode);
        Assert.Equal("application/rss+xml; charset=utf-8", first.ContentType);
        Assert.Equal(body, first.Body);
        var etag = first.Headers.ETag.ToString();
        Assert.StartsWith("\"", etag, StringComparison.Ordinal);
        Assert.Equal("public, max-age=60", first.Headers.CacheControl.ToString());

        var again = await InvokeAsync(c => PublicFeeds.Run(c.Request, name), "GET", ("If-None-Match", etag));
        Assert.Equal(304, again.StatusCode);
        Assert.Empty(again.Body);

        var since = await InvokeAsync(c => PublicFeeds.Run(c.Request, name), "GET", ("If-Modified-Since", first.Headers.LastModified.ToString()));
        Assert.Equal(304, since.StatusCode);

        var head = await InvokeAsync(c => PublicFeeds.Run(c.Request, name), "HEAD");
        Assert.Equal(200, head.StatusCode);
        Assert.Empty(head.Body);
        Assert.Equal(body.Length, head.ContentLength);
    }

    [Fact]
    public async Task PublicFeeds_MissingOrEscapingName_Returns404()
    {
        Assert.Equal(404, (await InvokeAsync(c => PublicFeeds.Run(c.Request, $"nothing-{Guid.NewGuid():N}.xml"), "GET")).StatusCode);
        Assert.Equal(404, (await InvokeAsync(c => PublicFeeds.Run(c.Request, "../config/partners.json"), "GET")).StatusCode);
    }

    [Fact]
    public async Task ArticlePage_EntryWithoutCanonicalUrl_LinksToTheAppAndServesSandboxedPage()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = $"no-canonical-{tag}.html";
        var title = $"Ferry timetable changes for the winter season {tag}";
        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(Containers.Articles);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><article><h1>{title}</h1>
            <p>The harbour authority said the winter timetable would start a week earlier this year, with two
            crossings a day instead of four until the end of February, because of the expected storms.</p>
            <p>Season tickets bought for the summer schedule remain valid, and refunds can be asked for at the
            harbour office until the new timetable begins.</p><script>alert(1)</script>
            </article></body></html>
            """), overwrite: true);
        await _host.Function<ArticleUploaded>().Run(blob, name, Ct);
        var entry = await FindEntryAsync(title);

        Assert.Equal($"https://func-news.azurewebsites.net/api/articles/{entry.Id}", entry.Url);

        var page = await InvokeAsync(c => ArticlePage.Run(c.Request, entry.Id), "GET");
        Assert.Equal(200, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        var html = Encoding.UTF8.GetString(page.Body);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://stnews.blob.core.windows.net/feeds/atom.xml\"", html, StringComparison.Ordinal);
        var csp = page.Headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("sandbox;", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);

        Assert.Equal(404, (await InvokeAsync(c => ArticlePage.Run(c.Request, "0000000000000000"), "GET")).StatusCode);
    }

    [Fact]
    public async Task ArticlePage_EntryWithTranslations_LinksThemInHeadAndListOnCurrentBase()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var entry = new Entry
        {
            Id = $"en-grid-{tag}",
            Version = "v1",
            Source = $"en-grid-{tag}.html",
            Title = "Central Asia's power grid",
            // Stored while the host ran on another base: our own pages move with Feeds:ArticleBaseUrl.
            Url = $"http://localhost:7071/articles/en-grid-{tag}",
            Published = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
            Updated = new DateTimeOffset(2024, 11, 11, 10, 20, 0, TimeSpan.Zero),
            Language = "en",
            Story = "story-grid",
            Translations = [new("ru", $"http://localhost:7071/articles/ru-grid-{tag}", $"ru-grid-{tag}"), new("kk", "https://institute.example/kk/желі?a=1&b=2")],
            Text = "Body.",
            Html = "<p>Body.</p>",
            Summary = "Body.",
            IngestedAt = new DateTimeOffset(2024, 11, 11, 10, 21, 0, TimeSpan.Zero),
        };
        await _host.Get<IBlobStore>().PutAsync(Containers.Entries, entry.Id + ".json", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entry, StoredJson.Options), null, Ct);

        var page = await InvokeAsync(c => ArticlePage.Run(c.Request, entry.Id), "GET");

        Assert.Equal(200, page.StatusCode);
        var html = Encoding.UTF8.GetString(page.Body);
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"ru\" href=\"https://func-news.azurewebsites.net/api/articles/ru-grid-{tag}\">", head, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"alternate\" hreflang=\"kk\" href=\"https://institute.example/kk/желі?a=1&amp;b=2\">", head, StringComparison.Ordinal);
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.Contains($"<a href=\"https://func-news.azurewebsites.net/api/articles/ru-grid-{tag}\" hreflang=\"ru\" lang=\"ru\">Русский</a>", body, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"kk\" lang=\"kk\">", body, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private async Task<Entry> FindEntryAsync(string title)
    {
        var entries = _host.Get<EntryRepository>();
        await foreach (var blob in _host.Get<IBlobStore>().ListAsync(Containers.Entries, "", Ct))
        {
            var id = blob.Name.EndsWith(".json", StringComparison.Ordinal) ? blob.Name[..^5] : blob.Name;
            if (await entries.GetAsync(id, Ct) is { } entry && entry.Title == title)
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"No entry titled '{title}' after ingest");
    }

    /// <summary>Calls a function the way the ASP.NET Core integration does: a request in a scope of the app's container.</summary>
    private async Task<(int StatusCode, string? ContentType, long? ContentLength, IHeaderDictionary Headers, byte[] Body)> InvokeAsync(
        Func<HttpContext, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function, string method, params (string Name, string Value)[] headers)
    {
        using var scope = _host.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        foreach (var (header, value) in headers)
        {
            context.Request.Headers[header] = value;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        await function(context);
        return (context.Response.StatusCode, context.Response.ContentType, context.Response.ContentLength, context.Response.Headers, body.ToArray());
    }
}
