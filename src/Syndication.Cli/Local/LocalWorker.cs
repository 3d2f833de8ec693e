using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Hosting;

namespace Syndication.Cli.Local;

/// <summary>
/// The local host's worker: reacts to uploads within a second (file watcher on <c>articles/</c>), drains the queues,
/// and reconciles periodically so nothing a watcher missed (or an Azure-backed store) is left behind. Deletions
/// seen by the watcher go through a reconcile pass, so the mass-deletion guard sees them together. A failing
/// reconcile, upload or drain is logged and retried with backoff; it never stops the loop or the other stages.
/// </summary>
internal sealed partial class LocalWorker(
    PipelineRunner pipeline,
    IngestHandler ingest,
    IOptions<LocalOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider timeProvider,
    ILogger<LocalWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Channel<string> _changed = Channel.CreateUnbounded<string>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = StartWatcher();
        var reconcileStage = new Stage("reconcile");
        var drainStage = new Stage("drain");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (reconcileStage.IsDue(timeProvider.GetUtcNow()))
                {
                    await RunStageAsync(reconcileStage, () => pipeline.RunOnceAsync(stoppingToken), options.Value.ReconcileInterval, stoppingToken);
                }

                while (_changed.Reader.TryRead(out var name))
                {
                    await HandleChangeAsync(name, reconcileStage, stoppingToken);
                }

                if (drainStage.IsDue(timeProvider.GetUtcNow()))
                {
                    await RunStageAsync(drainStage, () => pipeline.DrainQueuesAsync(stoppingToken), TimeSpan.Zero, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await WaitForWorkAsync(stoppingToken);
        }
    }

    /// <summary>Runs a stage; on success it is next due after <paramref name="interval"/>, on failure after a growing backoff.</summary>
    private async Task RunStageAsync(Stage stage, Func<Task> run, TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await run();
            stage.Succeeded(timeProvider.GetUtcNow() + interval);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            var delay = stage.Failed(timeProvider.GetUtcNow(), MaxBackoff);
            LogStageFailed(logger, ex, stage.Name, stage.Failures, delay);
        }
    }

    private async Task HandleChangeAsync(string name, Stage reconcileStage, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            reconcileStage.Request(); // the watcher overflowed: look at everything
            return;
        }

        try
        {
            var result = await ingest.HandleAsync(name, cancellationToken);
            if (result.Status == IngestStatus.Missing)
            {
                reconcileStage.Request(); // a deletion: let the guarded reconcile pass judge it with the others
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One upload must not hold up the others; the next reconcile pass tries it again.
            LogChangeFailed(logger, ex, name);
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

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Worker stage {Stage} failed ({Failures} time(s) in a row); retrying in {Delay}")]
    private static partial void LogStageFailed(ILogger logger, Exception exception, string stage, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Processing upload {ArticleName} failed; the next reconcile pass retries it")]
    private static partial void LogChangeFailed(ILogger logger, Exception exception, string articleName);

    /// <summary>When a stage of the loop is next due, and how often it failed in a row.</summary>
    private sealed class Stage(string name)
    {
        private DateTimeOffset _due = DateTimeOffset.MinValue;

        public string Name { get; } = name;

        public int Failures { get; private set; }

        public bool IsDue(DateTimeOffset now) => now >= _due;

        public void Request() => _due = DateTimeOffset.MinValue;

        public void Succeeded(DateTimeOffset next)
        {
            Failures = 0;
            _due = next;
        }

        /// <summary>1 s, 2 s, 4 s … up to <paramref name="max"/>.</summary>
        public TimeSpan Failed(DateTimeOffset now, TimeSpan max)
        {
            Failures++;
            var delay = TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(Failures - 1, 20))));
            _due = now + delay;
            return delay;
        }
    }
}
