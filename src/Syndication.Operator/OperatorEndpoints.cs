using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Syndication.Core;
using Syndication.Core.Articles;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;

namespace Syndication.Operator;

/// <summary>The operator page's HTTP surface, the same for Kestrel (<c>run</c>) and the Function App.</summary>
public static class OperatorEndpoints
{
    /// <summary>Maps the page for a host of its own (Kestrel); <paramref name="access"/> guards every route of it.</summary>
    public static IEndpointRouteBuilder MapOperator(this IEndpointRouteBuilder app, OperatorAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var group = app.MapGroup("").AddEndpointFilter(async (context, next) => access.Check(context.HttpContext) ?? await next(context));
        group.MapGet("/", (Delegate)DashboardAsync);
        group.MapGet("/operator", (Delegate)DashboardAsync);
        group.MapGet("/operator/articles/{**name}", (HttpContext context, string name) => ArticleAsync(context, name));
        group.MapPost("/operator/actions/{action}", (HttpContext context, string action) => ActionAsync(context, action)).DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// Dispatch for hosts without routing (the Function App, whose function keys guard it): <paramref name="path"/>
    /// is relative to the operator root.
    /// </summary>
    public static Task<IResult> HandleAsync(HttpContext context, string path) =>
        (context.Request.Method, path.Trim('/')) switch
        {
            ("GET", "" or "operator") => DashboardAsync(context),
            ("GET", var p) when p.StartsWith("operator/articles/", StringComparison.Ordinal) => ArticleAsync(context, Uri.UnescapeDataString(p["operator/articles/".Length..])),
            ("POST", var p) when p.StartsWith("operator/actions/", StringComparison.Ordinal) => ActionAsync(context, p["operator/actions/".Length..]),
            _ => Task.FromResult(Results.NotFound()),
        };

    private static async Task<IResult> DashboardAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var forms = Forms(context);
        var body = new StringBuilder("<h1>What happened</h1>");
        var notice = context.Request.Query["done"].ToString();
        if (notice.Length > 0)
        {
            body.Append($"<p class=\"notice\" id=\"notice\">{Html.E(notice)}</p>");
        }

        foreach (var section in services.GetServices<IOperatorSection>().OrderBy(s => s.Order))
        {
            body.Append(await section.RenderAsync(forms, context.RequestAborted));
        }

        return Page("Dashboard", body.ToString(), context);
    }

    private static async Task<IResult> ArticleAsync(HttpContext context, string name)
    {
        var services = context.RequestServices;
        var status = await services.GetRequiredService<ArticleStatusQuery>().GetAsync(name, context.RequestAborted);
        if (status is null)
        {
            return Results.NotFound();
        }

        var feeds = services.GetRequiredService<IOptions<FeedsOptions>>().Value;
        var state = status.State.ToString().ToLowerInvariant();
        var forms = Forms(context);
        var body = new StringBuilder($"<p><a href=\"{Html.E(forms.Link("/operator"))}\">← all articles</a></p><h1>{Html.E(status.Entry?.Title ?? name)}</h1>");
        body.Append($"<p>Upload <code>{Html.E(name)}</code> · <span class=\"badge {state}\" id=\"status\">{state}</span> · uploaded {Html.Date(status.Uploaded)}</p>");
        if (status.Quarantine is { } quarantine)
        {
            body.Append($"<p class=\"notice\" id=\"reason\">Quarantined {Html.Date(quarantine.QuarantinedAt)}: {Html.E(quarantine.Reason)}</p>");
            body.Append(forms.Button(RetryQuarantineAction.ActionName, "Retry", new Dictionary<string, string> { ["name"] = name }));
        }

        if (status.Entry is { } entry)
        {
            body.Append("<table>")
                .Append($"<tr><th>entry</th><td>{Html.E(entry.Id)} (version {Html.E(entry.Version[..12])})</td></tr>")
                .Append($"<tr><th>published</th><td>{Html.Date(entry.Published)}</td></tr>")
                .Append($"<tr><th>updated</th><td>{Html.Date(entry.Updated)}</td></tr>")
                .Append($"<tr><th>author</th><td>{Html.E(entry.Author)}</td></tr>")
                .Append($"<tr><th>language</th><td>{Html.E(entry.Language)}</td></tr>")
                .Append($"<tr><th>tags</th><td>{Html.E(string.Join(", ", entry.Tags))}</td></tr>")
                .Append($"<tr><th>link</th><td><a href=\"{Html.E(entry.Url)}\">{Html.E(entry.Url)}</a></td></tr>")
                .Append($"<tr><th>feeds</th><td>{ArticlesSection.FeedLinks(entry, feeds)}</td></tr>")
                .Append($"<tr><th>story</th><td id=\"story\">{Html.E(entry.Story ?? "none (stored before stories)")}</td></tr>")
                .Append($"<tr><th>translations</th><td id=\"translations\">{Translations(entry, feeds)}</td></tr>")
                .Append($"<tr><th>summary</th><td id=\"summary\">{Html.E(entry.Summary)}</td></tr>")
                .Append(entry.Limits is { Count: > 0 } limits ? $"<tr><th>limits</th><td id=\"limits\">{string.Join("<br>", limits.Select(Html.E))}</td></tr>" : "")
                .Append("</table>");
            foreach (var detail in services.GetServices<IOperatorArticleDetail>())
            {
                body.Append(await detail.RenderAsync(entry, context.RequestAborted));
            }

            // The body HTML was sanitised at ingest; the page's CSP forbids scripts in case anything slipped through.
            body.Append("<h2>How it looks in the feed</h2><div class=\"preview\" id=\"preview\">").Append(entry.Html).Append("</div>");
        }

        return Page(status.Entry?.Title ?? name, body.ToString(), context);
    }

    /// <summary>The story's other language versions as feeds link them (own pages on the current base), or "none".</summary>
    private static string Translations(Entry entry, FeedsOptions feeds)
    {
        var shown = ArticleLinks.ForCurrentBase(entry, feeds).Translations;
        return shown.Count == 0
            ? "none"
            : string.Join("<br>", shown.Select(t =>
                (OutboundUrl.IsAllowed(t.Url) ? $"{Html.E(t.Language)}: <a href=\"{Html.E(t.Url)}\" hreflang=\"{Html.E(t.Language)}\">{Html.E(t.Url)}</a>" : $"{Html.E(t.Language)}: {Html.E(t.Url)}")
                + (t.EntryId is null ? " (not uploaded here yet)" : "")));
    }

    private static async Task<IResult> ActionAsync(HttpContext context, string actionName)
    {
        var services = context.RequestServices;
        try
        {
            await services.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest("The form expired or did not come from this page; reload the page and try again.");
        }

        var action = services.GetServices<IOperatorAction>().FirstOrDefault(a => a.Name == actionName);
        if (action is null)
        {
            return Results.NotFound();
        }

        var message = await action.ExecuteAsync(await context.Request.ReadFormAsync(context.RequestAborted), context.RequestAborted);
        return Results.Redirect(Forms(context).Link("/operator", "done=" + Uri.EscapeDataString(message)));
    }

    private static OperatorForms Forms(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var key = context.Request.Query["code"].ToString();
        return new OperatorForms(tokens.FormFieldName, tokens.RequestToken ?? "", context.Request.PathBase, key.Length == 0 ? null : key);
    }

    private static IResult Page(string title, string body, HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = Html.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(Html.Page(title, body, Forms(context).Link("/operator")), "text/html; charset=utf-8");
    }
}

/// <summary>Extra detail on an article's page (e.g. per-partner delivery status).</summary>
public interface IOperatorArticleDetail
{
    Task<string> RenderAsync(Core.Entries.Entry entry, CancellationToken cancellationToken);
}
