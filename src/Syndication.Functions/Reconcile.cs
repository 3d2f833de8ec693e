using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Syndication.Core.Queues;
using Syndication.Core.Reconcile;

namespace Syndication.Functions;

/// <summary>
/// Every five minutes: ingests articles whose event was missed or failed, propagates deletions (the Event Grid
/// blob trigger has no delete event), and salvages the messages the queue triggers moved to <c>&lt;queue&gt;-poison</c>
/// (deliveries become dead letters, publish work is retried).
/// </summary>
public sealed partial class Reconcile(ReconcileHandler reconcile, PoisonReconciler poison, ILogger<Reconcile> logger)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(Reconcile))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue(logger);
        }

        // First, so a failing reconcile cannot keep dead letters from showing.
        var salvaged = await poison.ReconcileAsync(cancellationToken);
        if (salvaged > 0)
        {
            LogSalvaged(logger, salvaged);
        }

        var result = await reconcile.HandleAsync(cancellationToken);
        LogReconciled(logger, result.Articles, result.Ingested, result.Deleted);
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Reconcile is running late (the previous run overran or the app was idle)")]
    private static partial void LogPastDue(ILogger logger);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Reconcile: {Articles} articles, {Ingested} ingested, {Deleted} deleted")]
    private static partial void LogReconciled(ILogger logger, int articles, int ingested, int deleted);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Reconcile: {Count} poisoned message(s) turned into dead letters or retried")]
    private static partial void LogSalvaged(ILogger logger, int count);
}
