using System.Globalization;
using System.Text;
using Syndication.Core.Queues;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// Work queue on a folder: <c>&lt;root&gt;/queues/&lt;queue&gt;/&lt;visibleAt&gt;_&lt;dequeueCount&gt;_&lt;id&gt;.msg</c>, one file per message.
/// Receiving renames the file to a later visibility time (an atomic lease); completing deletes it. A message
/// survives any crash: at worst it is received again after its visibility timeout (at-least-once).
/// </summary>
public sealed class FileSystemWorkQueue(FileSystemStorageOptions options, TimeProvider timeProvider) : IWorkQueue, IDisposable
{
    public const string QueuesFolder = "queues";
    private const string Extension = ".msg";

    private readonly string _root = Path.Combine(Path.GetFullPath(options.Root), QueuesFolder);
    private readonly SemaphoreSlim _receiveGate = new(1, 1);

    public async Task SendAsync(string queue, string body, TimeSpan delay, CancellationToken cancellationToken)
    {
        var folder = QueueFolder(queue);
        var visibleAt = timeProvider.GetUtcNow() + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        var id = $"{timeProvider.GetUtcNow().UtcTicks:D19}-{Guid.NewGuid():N}";
        var content = Encoding.UTF8.GetBytes($"{timeProvider.GetUtcNow().UtcTicks}\n{body}");
        await FileSystemPaths.AtomicWriteAsync(Path.Combine(folder, FileName(visibleAt, 0, id)), content);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var folder = QueueFolder(queue);
        var now = timeProvider.GetUtcNow();
        var received = new List<QueueMessage>();
        await _receiveGate.WaitAsync(cancellationToken);
        try
        {
            var due = Directory.EnumerateFiles(folder, "*" + Extension)
                .Select(path => (Path: path, Parsed: Parse(Path.GetFileName(path))))
                .Where(m => m.Parsed is not null && m.Parsed.Value.VisibleAt <= now)
                .OrderBy(m => m.Parsed!.Value.VisibleAt)
                .ThenBy(m => m.Parsed!.Value.Id, StringComparer.Ordinal)
                .Take(maxMessages)
                .ToList();
            foreach (var (path, parsed) in due)
            {
                var (_, count, id) = parsed!.Value;
                var leased = Path.Combine(folder, FileName(now + visibilityTimeout, count + 1, id));
                try
                {
                    File.Move(path, leased, overwrite: false);
                }
                catch (Exception ex) when (ex is FileNotFoundException or IOException)
                {
                    continue; // taken by another receiver
                }

                var text = await File.ReadAllTextAsync(leased, cancellationToken);
                var newline = text.IndexOf('\n', StringComparison.Ordinal);
                var inserted = new DateTimeOffset(long.Parse(text[..newline], CultureInfo.InvariantCulture), TimeSpan.Zero);
                received.Add(new QueueMessage(queue, id, Path.GetFileName(leased), text[(newline + 1)..], count + 1, inserted));
            }

            if (received.Count > 0)
            {
                // A lease is a rename: flushed (once for the batch), or after a power cut a message could come back
                // with its old dequeue count and escape the poison limit.
                await FileSystemPaths.FlushAsync(folder);
            }
        }
        finally
        {
            _receiveGate.Release();
        }

        return received;
    }

    public Task<bool> CompleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var path = Path.Combine(QueueFolder(message.Queue), message.Receipt);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<int> CountAsync(string queue, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.EnumerateFiles(QueueFolder(queue), "*" + Extension).Count());

    private string QueueFolder(string queue)
    {
        if (string.IsNullOrWhiteSpace(queue) || queue.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw new ArgumentException($"Invalid queue name '{queue}'.", nameof(queue));
        }

        var folder = Path.Combine(_root, queue);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose() => _receiveGate.Dispose();

    private static string FileName(DateTimeOffset visibleAt, int dequeueCount, string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{visibleAt.UtcTicks:D19}_{dequeueCount}_{id}{Extension}");

    private static (DateTimeOffset VisibleAt, int DequeueCount, string Id)? Parse(string fileName)
    {
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = fileName[..^Extension.Length].Split('_', 3);
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), count, parts[2]);
    }
}
