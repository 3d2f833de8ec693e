using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.PublicSite;

namespace Syndication.Functions;

/// <summary>
/// <c>GET|HEAD /api/feeds/{path}</c>, anonymous: the feed documents with ETag, Last-Modified and 304, as
/// <c>syndication run</c> serves them. Feeds link here when the storage account is private
/// (<c>publicFeeds=false</c> in infra/main.bicep); with public feeds readers go to the blob container instead.
/// </summary>
public sealed class PublicFeeds
{
    [Function(nameof(PublicFeeds))]
    public static async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "feeds/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        await PublicEndpoints.ServeFeedAsync(request.HttpContext, path);
        return new EmptyResult();
    }
}
