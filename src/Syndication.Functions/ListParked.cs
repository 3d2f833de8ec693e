using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Queues;

namespace Syndication.Functions;

/// <summary><c>GET /api/poison</c>: work parked in a poison queue after its requeues ran out, oldest first.</summary>
public sealed class ListParked(PoisonLedger ledger)
{
    [Function(nameof(ListParked))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "poison")] HttpRequest request, CancellationToken cancellationToken) =>
        OperatorJson.Ok((await ledger.ListParkedAsync(cancellationToken)).Select(p => new
        {
            queue = p.Queue,
            id = p.Id,
            poisonQueue = QueueDrainer.PoisonQueue(p.Queue),
            message = p.Body,
            reason = p.Reason,
            firstSeen = p.FirstSeen,
            lastSeen = p.LastSeen,
            requeues = p.TimesRequeued,
        }));
}
