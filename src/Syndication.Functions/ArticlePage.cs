using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.PublicSite;

namespace Syndication.Functions;

/// <summary>
/// <c>GET /api/articles/{id}</c>, anonymous: the page feeds link to for an entry without a canonical URL
/// (<c>Feeds:ArticleBaseUrl</c> is this app's <c>/api</c>), the same HTML and sandboxing CSP as
/// <c>syndication run</c>'s <c>/articles/{id}</c>.
/// </summary>
public sealed class ArticlePage
{
    [Function(nameof(ArticlePage))]
    public static async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles/{id}")] HttpRequest request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await PublicEndpoints.ServeArticleAsync(request.HttpContext, id);
        return new EmptyResult();
    }
}
