using Syndication.Core.Queues;
using Syndication.Core.Reconcile;

namespace Syndication.Core.Pipeline;

/// <summary>What one pass of the pipeline did.</summary>
public sealed record PipelineRunResult(ReconcileResult Reconcile, IReadOnlyDictionary<string, int> MessagesHandled);

/// <summary>
/// One pass of the whole pipeline for hosts without triggers (the CLI): salvage poisoned messages (dead letters,
/// retried publishing), reconcile (ingest what is pending, propagate deletions), then drain each queue once
/// (publish before deliveries).
/// </summary>
public sealed class PipelineRunner(ReconcileHandler reconcile, PoisonReconciler poison, QueueDrainer drainer, IEnumerable<IQueueWorkHandler> handlers)
{
    /// <param name="allowMassDelete">The operator confirmed deletions the mass-deletion guard would refuse.</param>
    public async Task<PipelineRunResult> RunOnceAsync(CancellationToken cancellationToken, IProgress<ReconcileProgress>? progress = null, bool allowMassDelete = false)
    {
        await poison.ReconcileAsync(cancellationToken);
        var reconciled = await reconcile.HandleAsync(cancellationToken, progress, allowMassDelete);
        var handled = await DrainQueuesAsync(cancellationToken);
        return new PipelineRunResult(reconciled, handled);
    }

    /// <summary>Drains every queue that has a handler, in the order of <see cref="QueueNames.All"/>.</summary>
    public async Task<IReadOnlyDictionary<string, int>> DrainQueuesAsync(CancellationToken cancellationToken)
    {
        var handled = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = QueueNames.All.ToList();
        foreach (var handler in handlers.OrderBy(h => order.IndexOf(h.Queue) is var i && i < 0 ? int.MaxValue : i))
        {
            handled[handler.Queue] = await drainer.DrainAsync(handler, cancellationToken);
        }

        return handled;
    }
}
