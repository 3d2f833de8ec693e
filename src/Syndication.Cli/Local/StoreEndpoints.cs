using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Syndication.PublicSite;

namespace Syndication.Cli.Local;

/// <summary>
/// What the local host serves besides the operator page: <c>feeds/</c> and the article pages, by the same handlers
/// as the Function App (<see cref="PublicEndpoints"/>), and a liveness probe.
/// </summary>
internal static class StoreEndpoints
{
    public static IEndpointRouteBuilder MapStoreEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPublicSite();
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
