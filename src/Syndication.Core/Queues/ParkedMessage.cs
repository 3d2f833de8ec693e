using System.Text.Json.Serialization;

namespace Syndication.Core.Queues;

/// <summary>
/// A poisoned message that <see cref="PoisonReconciler"/> put back on its queue and saw poisoned again: how often,
/// since when, and (once <see cref="PoisonLedger.MaxRequeues"/> is used up) why it is now left in the poison queue.
/// </summary>
/// <param name="Requeues">How many times a reconcile pass found it in the poison queue (the first ones requeued it).</param>
/// <param name="Reason">Set once it is parked: a readable reason for the operator.</param>
public sealed record ParkedMessage(string Queue, string Body, int Requeues, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? Reason = null)
{
    public bool IsParked => Reason is not null;

    /// <summary>Names the message within its queue (the hash of its body, as in its ledger record's name); what a retry takes.</summary>
    [JsonIgnore]
    public string Id => PoisonLedger.IdOf(Body);

    /// <summary>How many times it was actually put back on its queue: <see cref="Requeues"/> counts the passes that found it parked too.</summary>
    [JsonIgnore]
    public int TimesRequeued => Math.Min(Requeues, PoisonLedger.MaxRequeues);
}
