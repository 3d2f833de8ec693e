using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.Core.WebSub;

namespace Syndication.Functions;

/// <summary>
/// The built-in WebSub hub, <c>POST /api/hub</c>. Anonymous: feed readers subscribe without a function key.
/// Verification and distribution run off the <c>websub</c> queue (<see cref="WebSubWork"/>), not in this request.
/// </summary>
public sealed class Hub(HubRequestHandler hub)
{
    [Function(nameof(Hub))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hub")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return Text(415, "Send application/x-www-form-urlencoded fields hub.mode, hub.topic, hub.callback (WebSub §5.1).");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var answer = await hub.HandleAsync(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), cancellationToken);
        return Text(answer.StatusCode, answer.Message);
    }

    private static ContentResult Text(int status, string message) =>
        new() { StatusCode = status, Content = message + "\n", ContentType = "text/plain; charset=utf-8" };
}
