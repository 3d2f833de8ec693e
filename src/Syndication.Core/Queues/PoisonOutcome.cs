namespace Syndication.Core.Queues;

/// <summary>What a handler did with a message found in its <c>&lt;queue&gt;-poison</c> queue.</summary>
public enum PoisonOutcome
{
    /// <summary>Dealt with (e.g. its delivery is now a dead letter with its history): delete it from the poison queue.</summary>
    Settled,

    /// <summary>The work is worth retrying: send the body back to the work queue with a fresh dequeue count.</summary>
    Requeue,

    /// <summary>Not now (e.g. the work is in progress elsewhere): leave it for the next reconcile.</summary>
    Keep,
}
