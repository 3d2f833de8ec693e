using System.Diagnostics;
using System.Net;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>Who may reach the operator page of a real <c>syndication run</c>, over real HTTP.</summary>
public sealed class OperatorAccessTests
{
    private static async Task<(Process Host, HttpClient Http)> StartAsync(string data, string listen, int port, Dictionary<string, string>? environment = null)
    {
        var env = environment ?? [];
        env["Local__ReconcileInterval"] = "00:05:00";
        var host = CliProcess.Start(["run", "--data", data, "--urls", listen], environment: env);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await LocalPipelineTests.WaitUntilAsync(async () => (await LocalPipelineTests.TryGetAsync(http, "/healthz"))?.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the host to answer /healthz");
        return (host, http);
    }

    private static async Task StopAsync(Process host)
    {
        host.Kill(entireProcessTree: true);
        await host.WaitForExitAsync();
        host.Dispose();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? host = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Operator_ReboundHostName_RefusedWhileLoopbackNamesAndArticlePagesWork()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var port = FreePorts.Take(1)[0];
        var (host, http) = await StartAsync(data, $"http://127.0.0.1:{port}", port, new() { ["Operator__AllowedHosts__0"] = "ops.internal.example" });
        try
        {
            // DNS rebinding: the attacker's name now resolves to 127.0.0.1, and the browser sends its own Host.
            using var rebound = await SendAsync(http, HttpMethod.Get, "/", $"attacker.example:{port}");
            var reboundBody = await rebound.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
            Assert.DoesNotContain("__RequestVerificationToken", reboundBody, StringComparison.Ordinal);
            Assert.DoesNotContain("<form", reboundBody, StringComparison.Ordinal);
            using var reboundArticle = await SendAsync(http, HttpMethod.Get, "/operator/articles/x.html", "attacker.example");
            Assert.Equal(HttpStatusCode.BadRequest, reboundArticle.StatusCode);
            using var reboundPost = await SendAsync(http, HttpMethod.Post, "/operator/actions/retry-quarantine", "attacker.example",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x.html" }));
            Assert.Equal(HttpStatusCode.BadRequest, reboundPost.StatusCode);

            foreach (var name in new[] { $"127.0.0.1:{port}", $"localhost:{port}", "LOCALHOST", "ops.internal.example" })
            {
                using var ok = await SendAsync(http, HttpMethod.Get, "/", name);
                Assert.True(ok.StatusCode == HttpStatusCode.OK, $"Host '{name}' got {(int)ok.StatusCode}");
            }

            // Article pages are public, but sandboxed: they get an origin of their own, never the operator page's.
            Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, LocalPipelineTests.SampleFiles()[0]])).ExitCode);
            await LocalPipelineTests.WaitUntilAsync(() => Task.FromResult(Directory.Exists(Path.Combine(data, "entries")) && Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").Any()), TimeSpan.FromSeconds(30), "an entry");
            var id = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").First());
            using var article = await SendAsync(http, HttpMethod.Get, "/articles/" + id, "news.example");
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
            var csp = string.Join(";", article.Headers.GetValues("Content-Security-Policy"));
            Assert.StartsWith("sandbox;", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(host);
            http.Dispose();
        }
    }

    [Fact]
    public async Task Operator_ListeningBeyondLoopbackWithoutKey_ClosedButFeedsServed()
    {
        using var temp = new TempFolder();
        var port = FreePorts.Take(1)[0];
        var (host, http) = await StartAsync(temp.File("data"), $"http://0.0.0.0:{port}", port);
        try
        {
            using var page = await SendAsync(http, HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Contains("Operator:AccessKey", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var withCode = await SendAsync(http, HttpMethod.Get, "/?code=anything-at-all-123");
            Assert.Equal(HttpStatusCode.Forbidden, withCode.StatusCode);
            using var health = await SendAsync(http, HttpMethod.Get, "/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var feed = await SendAsync(http, HttpMethod.Get, "/feeds/rss.xml");
            Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode); // served (nothing published yet), not refused
        }
        finally
        {
            await StopAsync(host);
            http.Dispose();
        }
    }

    [Fact]
    public async Task Operator_ListeningBeyondLoopbackWithKey_OnlyRequestsCarryingTheKey()
    {
        const string Key = "k3y-for-the-operator-page-7f2c";
        using var temp = new TempFolder();
        var port = FreePorts.Take(1)[0];
        var (host, http) = await StartAsync(temp.File("data"), $"http://0.0.0.0:{port}", port, new() { ["Operator__AccessKey"] = Key });
        try
        {
            using var anonymous = await SendAsync(http, HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var wrong = await SendAsync(http, HttpMethod.Get, "/?code=not-the-key-at-all-000");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

            using var page = await SendAsync(http, HttpMethod.Get, "/?code=" + Key);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("code=" + Key, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal); // links carry the key on

            using var bearer = new HttpRequestMessage(HttpMethod.Get, "/operator");
            bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);

            // The key does not make a rebound name acceptable.
            using var rebound = await SendAsync(http, HttpMethod.Get, "/?code=" + Key, "attacker.example");
            Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
        }
        finally
        {
            await StopAsync(host);
            http.Dispose();
        }
    }
}
