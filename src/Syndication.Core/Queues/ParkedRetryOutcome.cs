namespace Syndication.Core.Queues;

/// <summary>What <see cref="PoisonReconciler.RetryParkedAsync"/> did with a parked message.</summary>
public enum ParkedRetryOutcome
{
    /// <summary>Its ledger record is gone and the message is back on its work queue, with a fresh count.</summary>
    Requeued,

    /// <summary>
    /// Its ledger record is gone, but the message was still hidden in the poison queue (a reconcile pass looked at it
    /// within <see cref="PoisonReconciler.KeepFor"/>): the next pass requeues it.
    /// </summary>
    RequeuedByNextPass,

    /// <summary>No parked message of that queue and id (retried already, or never parked).</summary>
    NotFound,
}
