using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Core.Reconcile;
using Syndication.Hosting;

namespace Syndication.Cli.Local;

/// <summary>
/// The local host's worker: reacts to uploads within a second (file watcher on <c>articles/</c>), drains the queues,
/// and reconciles periodically so nothing a watcher missed (or an Azure-backed store) is left behind.
/// </summary>
internal sealed partial class LocalWorker(
    PipelineRunner pipeline,
    IngestHandler ingest,
    ReconcileHandler reconcile,
    IOptions<LocalOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider timeProvider,
    ILogger<LocalWorker> logger) : BackgroundService
{
    private readonly Channel<string> _changed = Channel.CreateUnbounded<string>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = StartWatcher();
        var nextReconcile = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (timeProvider.GetUtcNow() >= nextReconcile)
                {
                    await pipeline.RunOnceAsync(stoppingToken);
                    nextReconcile = timeProvider.GetUtcNow() + options.Value.ReconcileInterval;
                }

                while (_changed.Reader.TryRead(out var name))
                {
                    await HandleChangeAsync(name, stoppingToken);
                }

                await pipeline.DrainQueuesAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A storage hiccup must not stop the host; the next round retries.
                LogRoundFailed(logger, ex);
            }

            await WaitForWorkAsync(stoppingToken);
        }
    }

    private async Task HandleChangeAsync(string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            await pipeline.RunOnceAsync(cancellationToken); // the watcher overflowed: look at everything
            return;
        }

        var result = await ingest.HandleAsync(name, cancellationToken);
        if (result.Status == IngestStatus.Missing)
        {
            await reconcile.DeleteArticleAsync(name, cancellationToken);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(options.Value.PollInterval);
        try
        {
            await _changed.Reader.WaitToReadAsync(wait.Token);

            // Editors' tools often write a file in several steps: let it settle briefly.
            await Task.Delay(TimeSpan.FromMilliseconds(150), timeProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    private FileSystemWatcher? StartWatcher()
    {
        if (storage.Value.UsesAzure)
        {
            return null; // no events from a remote store: the periodic reconcile finds uploads
        }

        var folder = Path.Combine(Path.GetFullPath(storage.Value.DataRoot), Core.Storage.Containers.Articles);
        Directory.CreateDirectory(folder);
        var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        void Changed(string fullPath)
        {
            var name = Path.GetRelativePath(folder, fullPath).Replace(Path.DirectorySeparatorChar, '/');
            if (!name.Split('/').Any(s => s.StartsWith('.')) && !name.EndsWith('~'))
            {
                _changed.Writer.TryWrite(name);
            }
        }

        watcher.Created += (_, e) => Changed(e.FullPath);
        watcher.Changed += (_, e) => Changed(e.FullPath);
        watcher.Deleted += (_, e) => Changed(e.FullPath);
        watcher.Renamed += (_, e) => { Changed(e.OldFullPath); Changed(e.FullPath); };
        watcher.Error += (_, _) => _changed.Writer.TryWrite("");
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Worker round failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
