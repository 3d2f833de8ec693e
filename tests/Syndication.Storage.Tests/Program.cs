using Syndication.Storage.FileSystem;

namespace Syndication.Storage.Tests;

/// <summary>
/// Entry point of the test assembly when started as a child process by <see cref="FileSystemQueueCrashTests"/>:
/// <c>receive-and-hang &lt;data folder&gt; &lt;queue&gt;</c> receives one message, reports its id and waits to be killed.
/// Under the test runner this Main is not called.
/// </summary>
public static class Program
{
    public const string ReceiveAndHang = "receive-and-hang";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 3 || args[0] != ReceiveAndHang)
        {
            await Console.Error.WriteLineAsync($"usage: {ReceiveAndHang} <data folder> <queue>");
            return 64;
        }

        using var queue = new FileSystemWorkQueue(new FileSystemStorageOptions { Root = args[1] }, TimeProvider.System);
        var messages = await queue.ReceiveAsync(args[2], 1, TimeSpan.FromMinutes(10), CancellationToken.None);
        await Console.Out.WriteLineAsync(messages.Count == 0 ? "none" : $"received {messages[0].Id}");
        await Console.Out.FlushAsync();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
