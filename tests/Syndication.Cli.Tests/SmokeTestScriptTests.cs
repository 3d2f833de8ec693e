using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>
/// <c>infra/smoke-test.sh --local</c> run with bash against a real <c>syndication run</c> (free port, temp data
/// folder) and a loopback partner: the script that checks an Azure deployment is itself known to work.
/// </summary>
public sealed class SmokeTestScriptTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new("syndication-smoke");
    private readonly ConcurrentQueue<(string? Id, string Body)> _received = new();
    private readonly HttpListener _partner = new();
    private Process? _host;
    private Task? _partnerLoop;
    private string _baseUrl = "";

    private string Data => _temp.File("data");

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        _baseUrl = $"http://127.0.0.1:{ports[0]}";
        _partner.Prefixes.Add($"http://127.0.0.1:{ports[1]}/");
        _partner.Start();
        _partnerLoop = Task.Run(ReceiveAsync);
        Directory.CreateDirectory(Path.Combine(Data, "config"));
        await File.WriteAllTextAsync(Path.Combine(Data, "config", "partners.json"), $$"""
            { "partners": [ { "id": "smoke-partner", "name": "Smoke test partner",
                "url": "http://127.0.0.1:{{ports[1]}}/hooks/articles", "secret": "whsec_{{Convert.ToBase64String(new byte[32])}}",
                "languages": [], "tags": [], "events": ["article.published", "article.updated", "article.deleted"],
                "summaryMaxChars": 300, "enabled": true } ] }
            """);
        _host = CliProcess.Start(["run", "--data", Data, "--urls", _baseUrl], environment: new Dictionary<string, string>
        {
            ["Delivery__RequireHttps"] = "false",
            ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
        });
        using var http = new HttpClient();
        await LocalPipelineTests.WaitUntilAsync(async () => (await LocalPipelineTests.TryGetAsync(http, $"{_baseUrl}/healthz"))?.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the host to answer");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
            _host.Dispose();
        }

        _partner.Stop();
        if (_partnerLoop is not null)
        {
            await _partnerLoop;
        }

        _partner.Close();
        _temp.Dispose();
    }

    [Fact]
    public async Task SmokeTestLocal_RunningHostAndPartner_PassesEveryStage()
    {
        var run = await RunScriptAsync("--local", _baseUrl, "--data", Data, "--partner", "smoke-partner", "--timeout", "120");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("VERDICT: PASS", run.Stdout, StringComparison.Ordinal);
        foreach (var stage in new[] { "upload", "feed", "links", "operator", "partner" })
        {
            Assert.Matches($@"(?m)^smoke: {stage}\s+ok\s", run.Stdout);
        }

        // The partner really got the signed webhook of the article the script uploaded.
        var name = System.Text.RegularExpressions.Regex.Match(run.Stdout, @"articles/(smoke-[0-9]+-[0-9]+)\.html").Groups[1].Value;
        Assert.Contains(_received, r => r.Id is not null && r.Body.Contains("\"article.published\"", StringComparison.Ordinal) && r.Body.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SmokeTestLocal_PartnerNotInRegistry_FailsWithVerdict()
    {
        var run = await RunScriptAsync("--local", _baseUrl, "--data", Data, "--partner", "nobody-by-that-name", "--timeout", "20");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("VERDICT: FAIL", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^smoke: partner\s+ok", run.Stdout);
    }

    [Fact]
    public async Task SmokeTestLocal_NoDataFolder_RefusesWithUsage()
    {
        var run = await RunScriptAsync("--local", _baseUrl);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--data", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(RepositoryPaths.Combine("infra", "smoke-test.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private async Task ReceiveAsync()
    {
        while (_partner.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _partner.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                _received.Enqueue((context.Request.Headers["webhook-id"], await reader.ReadToEndAsync()));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
