using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Syndication.Storage.FileSystem;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>The folder queue keeps a message through a kill -9 of the process that received it.</summary>
public sealed class FileSystemQueueCrashTests : IDisposable
{
    private readonly TempFolder _folder = new("queue-crash");

    [Fact]
    public async Task Receive_ProcessKilledBeforeComplete_MessageReappearsAfterVisibilityTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var queue = new FileSystemWorkQueue(new FileSystemStorageOptions { Root = _folder.Path }, time);
        await queue.SendAsync("ingest", "article-1.html", TimeSpan.Zero, CancellationToken.None);

        var receivedId = await ReceiveInChildAndKillAsync("ingest");

        Assert.Empty(await queue.ReceiveAsync("ingest", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(11)); // the child hid it for 10 minutes
        var again = Assert.Single(await queue.ReceiveAsync("ingest", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(receivedId, again.Id);
        Assert.Equal("article-1.html", again.Body);
        Assert.Equal(2, again.DequeueCount);
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*.tmp~", SearchOption.AllDirectories));
    }

    private async Task<string> ReceiveInChildAndKillAsync(string queueName)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(Program).Assembly.Location, Program.ReceiveAndHang, _folder.Path, queueName })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        try
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(line?.StartsWith("received ", StringComparison.Ordinal) == true,
                $"The child did not receive the message; it printed '{line}' and on stderr: {(child.HasExited ? await child.StandardError.ReadToEndAsync() : "(running)")}");
            return line!["received ".Length..];
        }
        finally
        {
            // Process.Kill is SIGKILL on Unix: no finally blocks, no disposal, exactly a kill -9.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }

    /// <summary>The dotnet host running this test (the SDK sets DOTNET_HOST_PATH for test runs).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }

    public void Dispose() => _folder.Dispose();
}
