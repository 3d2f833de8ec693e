using Syndication.Core.Queues;
using Syndication.Core.Reconcile;

namespace Syndication.Core.Pipeline;

/// <summary>What one pass of the pipeline did.</summary>
/// <param name="Failures">Queues whose handler failed during the drain, with why (their messages stay queued and are retried).</param>
/// <param name="PublishWaiting">Publish messages still queued after the drain (a failure now or earlier, retried later): the feeds lag behind.</param>
public sealed record PipelineRunResult(ReconcileResult Reconcile, IReadOnlyDictionary<string, int> MessagesHandled, IReadOnlyDictionary<string, string> Failures, int PublishWaiting);

/// <summary>
/// One pass of the whole pipeline for hosts without triggers (the CLI): salvage poisoned messages (dead letters,
/// retried publishing), reconcile (ingest what is pending, propagate deletions), then drain each queue once
/// (publish before deliveries).
/// </summary>
public sealed class PipelineRunner(ReconcileHandler reconcile, PoisonReconciler poison, QueueDrainer drainer, IEnumerable<IQueueWorkHandler> handlers, IWorkQueue queue)
{
    /// <param name="allowMassDelete">The operator confirmed deletions the mass-deletion guard would refuse.</param>
    public async Task<PipelineRunResult> RunOnceAsync(CancellationToken cancellationToken, IProgress<ReconcileProgress>? progress = null, bool allowMassDelete = false)
    {
        await poison.ReconcileAsync(cancellationToken);
        var reconciled = await reconcile.HandleAsync(cancellationToken, progress, allowMassDelete);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var handled = await DrainQueuesAsync(cancellationToken, failures);
        return new PipelineRunResult(reconciled, handled, failures, await queue.CountAsync(QueueNames.Publish, cancellationToken));
    }

    /// <summary>Drains every queue that has a handler, in the order of <see cref="QueueNames.All"/>.</summary>
    public async Task<IReadOnlyDictionary<string, int>> DrainQueuesAsync(CancellationToken cancellationToken, IDictionary<string, string>? failures = null)
    {
        var handled = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = QueueNames.All.ToList();
        foreach (var handler in handlers.OrderBy(h => order.IndexOf(h.Queue) is var i && i < 0 ? int.MaxValue : i))
        {
            var (received, failure) = await drainer.DrainReportingAsync(handler, cancellationToken);
            handled[handler.Queue] = received;
            if (failure is not null && failures is not null)
            {
                failures[handler.Queue] = failure;
            }
        }

        return handled;
    }
}
