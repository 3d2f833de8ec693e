using System.Net;
using Microsoft.Playwright;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>
/// The operator page in a real headless browser (Debian's chromium driven by Playwright) against a real
/// <c>syndication run</c>. Screenshots go to <c>artifacts/screenshots/</c> at the repository root.
/// </summary>
public sealed class OperatorPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempFolder _temp = new("syndication-operator");
    private System.Diagnostics.Process? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _baseUrl = "";
    private int _partnerPort;

    private string Data => _temp.File("data");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install chromium); scripts/test.sh does this when run as root");
        var port = FreePorts.Take(1)[0];
        _baseUrl = $"http://127.0.0.1:{port}";
        _partnerPort = FreePorts.Take(1)[0];
        Directory.CreateDirectory(Path.Combine(Data, "config"));
        await File.WriteAllTextAsync(Path.Combine(Data, "config", "partners.json"), $$"""
            { "partners": [ { "id": "eurasian-policy", "name": "Institute for Eurasian Policy Research",
                "url": "http://127.0.0.1:{{_partnerPort}}/hooks/articles", "secret": "whsec_{{Convert.ToBase64String(new byte[32])}}",
                "languages": [], "tags": [], "events": ["article.published", "article.updated", "article.deleted"],
                "summaryMaxChars": 300, "enabled": true } ] }
            """);
        _host = CliProcess.Start(["run", "--data", Data, "--urls", _baseUrl], environment: new Dictionary<string, string>
        {
            ["Local__ReconcileInterval"] = "00:00:02",
            ["Delivery__RetrySchedule__0"] = "00:00:00",
            ["Delivery__RetrySchedule__1"] = "00:00:01",
            ["Delivery__Jitter"] = "0",
            ["Delivery__Timeout"] = "00:00:10", // refused connections fail at once; a loaded machine may answer slowly
            ["Delivery__RequireHttps"] = "false",
            ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
        });
        using var http = new HttpClient();
        await LocalPipelineTests.WaitUntilAsync(async () => (await LocalPipelineTests.TryGetAsync(http, $"{_baseUrl}/healthz"))?.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the host to answer");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
            _host.Dispose();
        }

        _temp.Dispose();
    }

    private async Task UploadAsync(string path, string? name = null)
    {
        var result = await CliProcess.RunAsync(name is null ? ["upload", "--data", Data, path] : ["upload", "--data", Data, path, "--name", name]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task ReloadUntilAsync(IPage page, string selector, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await page.Locator(selector).CountAsync() > 0)
            {
                return;
            }

            await Task.Delay(200);
            await page.ReloadAsync();
        }

        Assert.Fail($"the operator page never showed {what} ({selector})");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = RepositoryPaths.Combine("artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
    }

    [Fact]
    public async Task OperatorPage_GoodAndGarbageUploads_ShowPublishedWithSummaryAndQuarantinedWithReason()
    {
        var sample = Directory.EnumerateFiles(CliProcess.SamplesFolder, "*.html").Order(StringComparer.Ordinal).First();
        var garbage = _temp.File("scan.html");
        await File.WriteAllBytesAsync(garbage, [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0, 0, 1, 2, 3]);
        var page = await _browser!.NewPageAsync();

        await UploadAsync(sample, "good.html");
        await page.GotoAsync(_baseUrl + "/");
        await ReloadUntilAsync(page, "tr[data-article='good.html'][data-status='published']", "the good upload as published");
        var summary = await page.Locator("tr[data-article='good.html'] td.summary").InnerTextAsync();
        Assert.True(summary.Length > 40, $"expected the article's summary on the page, got '{summary}'");

        await UploadAsync(garbage);
        await ReloadUntilAsync(page, "tr[data-article='scan.html'][data-status='quarantined']", "the garbage upload as quarantined");
        var reason = await page.Locator("tr[data-quarantined='scan.html'] td.reason").InnerTextAsync();
        Assert.Contains("scan.html", reason, StringComparison.Ordinal);
        await ScreenshotAsync(page, "operator-dashboard.png");

        await page.ClickAsync("tr[data-article='good.html'] a");
        Assert.Equal("published", await page.Locator("#status").InnerTextAsync());
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#preview").InnerTextAsync()), "the article page previews the sanitised body");
        await ScreenshotAsync(page, "operator-article.png");
    }

    [Fact]
    public async Task OperatorPage_RetryQuarantined_PostsWithAntiForgeryAndRedirectsWithMessage()
    {
        var page = await _browser!.NewPageAsync();
        var empty = _temp.File("empty.html");
        await File.WriteAllTextAsync(empty, "");
        await UploadAsync(empty);
        await page.GotoAsync(_baseUrl + "/");
        await ReloadUntilAsync(page, "tr[data-quarantined='empty.html'] button", "a Retry button for the empty upload");

        await page.ClickAsync("tr[data-quarantined='empty.html'] button");

        var notice = await page.Locator("#notice").InnerTextAsync();
        Assert.Contains("empty.html: still fails", notice, StringComparison.Ordinal);

        // The same POST without the page's token is refused.
        using var http = new HttpClient();
        using var forged = await http.PostAsync($"{_baseUrl}/operator/actions/retry-quarantine", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "empty.html" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task OperatorPage_ParkedPublishMessage_BannerWithReasonAndRetryRequeuesIt()
    {
        var (id, _) = await ParkedWork.ParkPublishMessageAsync(Data, "entry-whose-publishing-kept-failing");
        var poisonFolder = Path.Combine(Data, "queues", "publish-poison");
        var page = await _browser!.NewPageAsync();

        await page.GotoAsync(_baseUrl + "/");
        await ReloadUntilAsync(page, $"#parked tr[data-parked='{id}'][data-queue='publish']", "the parked publish message");
        Assert.Contains("publish-poison", await page.Locator($"tr[data-parked='{id}'] td.reason").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("3", await page.Locator($"tr[data-parked='{id}'] td.requeues").InnerTextAsync());
        await ScreenshotAsync(page, "operator-parked.png");

        await page.ClickAsync($"tr[data-parked='{id}'] button[data-action='retry-parked']");

        Assert.Contains($"Parked publish message {id}", await page.Locator("#notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#parked").CountAsync());
        // Requeued at once, or by the host's next pass (one may have hidden it moments before), then published: gone.
        await LocalPipelineTests.WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(poisonFolder, "*.msg").Any()), TimeSpan.FromSeconds(60), "the parked message to leave publish-poison");
        var record = Path.Combine(Data, "journal", "poison", "publish", id + ".json");
        Assert.DoesNotContain("\"reason\"", File.Exists(record) ? await File.ReadAllTextAsync(record) : "", StringComparison.Ordinal);
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("#parked").CountAsync());
    }

    [Fact]
    public async Task OperatorPage_HostileArticle_ExecutesNothing()
    {
        var hostile = _temp.File("hostile.html");
        await File.WriteAllTextAsync(hostile, """
            <html lang="en"><head><title>Budget hearing <script>window.__pwned = 'title'</script></title>
            <script>window.__pwned = 'head';</script></head>
            <body><article><h1 onmouseover="window.__pwned='h1'">Budget hearing in the Mazhilis</h1>
            <p>The deputies questioned the finance minister about the deficit for three hours on Tuesday, and several asked why transfers from the National Fund keep growing.<img src="x" onerror="window.__pwned='img'"></p>
            <p>Analysts at the institute argue that the <a href="javascript:window.__pwned='link'">fiscal rule</a> should be tightened before the next budget cycle begins.</p>
            <script>window.__pwned = 'body';</script>
            <iframe src="javascript:parent.__pwned='iframe'"></iframe>
            <p>The minister promised a revised medium-term plan by spring, with a smaller share of oil revenue spent each year.</p>
            </article></body></html>
            """);
        await UploadAsync(hostile);
        var page = await _browser!.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync(_baseUrl + "/");
        await ReloadUntilAsync(page, "tr[data-article='hostile.html'][data-status='published']", "the hostile article as published");
        await page.ClickAsync("tr[data-article='hostile.html'] a");
        await page.HoverAsync("h1");
        foreach (var link in await page.Locator("#preview a").AllAsync())
        {
            await link.ClickAsync();
        }

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("#preview script, #preview iframe, #preview [onerror], #preview [onmouseover]").CountAsync());
        await ScreenshotAsync(page, "operator-hostile-article.png");
    }

    [Fact]
    public async Task OperatorPage_DeadDelivery_ReplayDeliversOnceThePartnerIsBack()
    {
        var sample = Directory.EnumerateFiles(CliProcess.SamplesFolder, "*.html").Order(StringComparer.Ordinal).First();
        var page = await _browser!.NewPageAsync();

        // Nobody listens on the partner's port yet: both attempts of the (shortened) schedule fail.
        await UploadAsync(sample, "for-partner.html");
        await page.GotoAsync(_baseUrl + "/");
        await ReloadUntilAsync(page, "tr[data-delivery][data-status='dead']", "the delivery as dead");
        var deliveryId = await page.Locator("tr[data-delivery][data-status='dead']").First.GetAttributeAsync("data-delivery");

        using var partner = new System.Net.HttpListener();
        partner.Prefixes.Add($"http://127.0.0.1:{_partnerPort}/");
        partner.Start();
        var received = Task.Run(async () =>
        {
            var context = await partner.GetContextAsync();
            var id = context.Request.Headers["webhook-id"];
            context.Response.StatusCode = 200;
            context.Response.Close();
            return id;
        });

        await page.ClickAsync($"tr[data-delivery='{deliveryId}'] button[data-action='replay-delivery']");
        Assert.Contains("queued", await page.Locator("#notice").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Equal(deliveryId, await received.WaitAsync(TimeSpan.FromSeconds(60)));
        await ReloadUntilAsync(page, $"tr[data-delivery='{deliveryId}'][data-status='delivered']", "the replayed delivery as delivered");
        await ScreenshotAsync(page, "operator-deliveries.png");
    }
}
