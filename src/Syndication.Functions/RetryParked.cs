using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Queues;

namespace Syndication.Functions;

/// <summary><c>POST /api/poison/{queue}/{id}/retry</c>: forgets a parked message's ledger record and requeues it.</summary>
public sealed class RetryParked(PoisonReconciler poison)
{
    [Function(nameof(RetryParked))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "poison/{queue}/{id}/retry")] HttpRequest request, string queue, string id, CancellationToken cancellationToken) =>
        await poison.RetryParkedAsync(queue, id, cancellationToken) switch
        {
            ParkedRetryOutcome.NotFound => OperatorJson.Problem(404, $"No parked {queue} message {id}."),
            var outcome => OperatorJson.Ok(new { queue, id, outcome }),
        };
}
