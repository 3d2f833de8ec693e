using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Syndication.Core.Reconcile;

namespace Syndication.Functions;

/// <summary>
/// Every five minutes: ingests articles whose event was missed or failed and propagates deletions (the Event Grid
/// blob trigger has no delete event).
/// </summary>
public sealed partial class Reconcile(ReconcileHandler reconcile, ILogger<Reconcile> logger)
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

        var result = await reconcile.HandleAsync(cancellationToken);
        LogReconciled(logger, result.Articles, result.Ingested, result.Deleted);
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Reconcile is running late (the previous run overran or the app was idle)")]
    private static partial void LogPastDue(ILogger logger);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Reconcile: {Articles} articles, {Ingested} ingested, {Deleted} deleted")]
    private static partial void LogReconciled(ILogger logger, int articles, int ingested, int deleted);
}
