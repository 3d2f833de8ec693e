using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Syndication.Core.WebSub;

namespace Syndication.Cli.Local;

/// <summary>The built-in WebSub hub at <c>&lt;run URL&gt;/hub</c>: form fields in, <see cref="HubRequestHandler"/>'s answer out.</summary>
internal static class HubEndpoints
{
    public static IEndpointRouteBuilder MapHub(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hub", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, HubRequestHandler hub, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Results.Text("Send application/x-www-form-urlencoded fields hub.mode, hub.topic, hub.callback (WebSub §5.1).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var answer = await hub.HandleAsync(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), cancellationToken);
        return Results.Text(answer.Message + "\n", "text/plain; charset=utf-8", statusCode: answer.StatusCode);
    }
}
