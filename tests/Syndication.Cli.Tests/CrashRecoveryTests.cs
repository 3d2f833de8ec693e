using System.Collections.Concurrent;
using System.Net;
using System.Xml.Linq;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>A <c>kill -9</c> of the local host mid-import or mid-delivery loses nothing: the restarted host completes it.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task RunOnce_KilledMidImport_NextRunPublishesEveryPageOnce()
    {
        const int Pages = 300;
        using var temp = new TempFolder();
        var data = temp.File("data");
        var pages = temp.File("pages");
        Directory.CreateDirectory(pages);
        for (var n = 0; n < Pages; n++)
        {
            var words = string.Join(' ', Enumerable.Range(0, 60).Select(w => $"policy{(n * 7 + w) % 97}"));
            await File.WriteAllTextAsync(Path.Combine(pages, $"import-{n:D3}.html"), $"""
                <html lang="en"><head><title>Import test {n}</title></head>
                <body><article><h1>Import test {n}</h1><p>Paragraph one of article {n}: {words}.</p><p>Paragraph two of article {n}: {words}.</p></article></body></html>
                """);
        }

        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, pages])).ExitCode);

        // Killed once the pass has saved some entries, long before it saved them all and announced them.
        var entries = Path.Combine(data, "entries");
        using (var first = CliProcess.Start(["run", "--once", "--data", data]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((!Directory.Exists(entries) || Directory.GetFiles(entries, "*.json").Length < 20) && !first.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.False(first.HasExited, "run --once finished before it could be killed mid-import");
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
            await first.WaitForExitAsync();
        }

        var saved = Directory.GetFiles(entries, "*.json").Length;
        Assert.InRange(saved, 20, Pages - 1);
        Assert.Single(Directory.GetFiles(Path.Combine(data, "journal", "batches"))); // the pass's batch record was left

        var second = await CliProcess.RunAsync(["run", "--once", "--data", data], timeout: TimeSpan.FromMinutes(3));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(Pages, Directory.GetFiles(entries, "*.json").Length);
        var feeds = Path.Combine(data, "feeds");
        var ids = Directory.GetFiles(Path.Combine(feeds, "archive"), "*.atom.xml").Append(Path.Combine(feeds, "atom.xml"))
            .SelectMany(f => XDocument.Load(f).Descendants(XName.Get("entry", "http://www.w3.org/2005/Atom")))
            .Select(e => (string)e.Element(XName.Get("id", "http://www.w3.org/2005/Atom"))!).ToList();
        Assert.Equal(Pages, ids.Count); // each page once in the site feed and its archive: none lost, none twice
        Assert.Equal(Pages, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "journal", "batches")));
        Assert.False(Directory.Exists(Path.Combine(data, "journal", "outbox")) && Directory.EnumerateFiles(Path.Combine(data, "journal", "outbox")).Any());
    }

    [Fact]
    public async Task Run_KilledMidDelivery_RestartDeliversWithSameWebhookId()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var partnerPort = FreePorts.Take(1)[0];
        Directory.CreateDirectory(Path.Combine(data, "config"));
        await File.WriteAllTextAsync(Path.Combine(data, "config", "partners.json"), $$"""
            { "partners": [ { "id": "slow-partner", "name": "Slow partner", "url": "http://127.0.0.1:{{partnerPort}}/hook",
                "secret": "whsec_{{Convert.ToBase64String(new byte[24])}}" } ] }
            """);
        var environment = new Dictionary<string, string>
        {
            ["Delivery__RetrySchedule__0"] = "00:00:00",
            ["Delivery__RetrySchedule__1"] = "00:00:01",
            ["Delivery__Jitter"] = "0",
            ["Delivery__Timeout"] = "00:00:02",
            ["Delivery__RequireHttps"] = "false",
            ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
        };
        var sample = Directory.EnumerateFiles(CliProcess.SamplesFolder, "*.html").Order(StringComparer.Ordinal).First();
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, sample])).ExitCode);

        // The partner holds the first request open (the host is killed while it waits), then accepts.
        var requests = new ConcurrentQueue<string>();
        var accepted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var partner = new HttpListener();
        partner.Prefixes.Add($"http://127.0.0.1:{partnerPort}/");
        partner.Start();
        _ = Task.Run(async () =>
        {
            while (partner.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await partner.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var id = context.Request.Headers["webhook-id"] ?? "";
                requests.Enqueue(id);
                if (requests.Count == 1)
                {
                    firstArrived.TrySetResult();
                    continue; // never answered
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
                accepted.TrySetResult(id);
            }
        });

        using (var first = CliProcess.Start(["run", "--data", data, "--urls", $"http://127.0.0.1:{FreePorts.Take(1)[0]}"], environment: environment))
        {
            await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
            await first.WaitForExitAsync();
        }

        using var second = CliProcess.Start(["run", "--data", data, "--urls", $"http://127.0.0.1:{FreePorts.Take(1)[0]}"], environment: environment);
        try
        {
            var acceptedId = await accepted.Task.WaitAsync(TimeSpan.FromSeconds(90));
            var firstId = requests.First();
            Assert.StartsWith("msg_", firstId, StringComparison.Ordinal);
            Assert.Equal(firstId, acceptedId);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }
}
