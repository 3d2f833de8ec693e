using System.Collections.Concurrent;
using System.Net;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>A <c>kill -9</c> of the local host mid-delivery loses nothing: the restarted host completes it.</summary>
public sealed class CrashRecoveryTests
{
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
