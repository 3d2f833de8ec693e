using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.Operator;

namespace Syndication.Functions;

/// <summary>
/// The operator page (<c>/api/operator</c>), the same HTML as <c>syndication run</c> serves, behind the function
/// key. Open it as <c>https://&lt;app&gt;.azurewebsites.net/api/operator?code=&lt;function key&gt;</c>; links and forms
/// carry the key on.
/// </summary>
public sealed class Operator
{
    [Function(nameof(Operator))]
    public static async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "operator/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.PathBase = "/api";
        var result = await OperatorEndpoints.HandleAsync(request.HttpContext, "operator/" + (path ?? ""));
        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }
}
