using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Syndication.Functions;

/// <summary>Liveness probe.</summary>
public sealed class Health
{
    [Function(nameof(Health))]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });
}
