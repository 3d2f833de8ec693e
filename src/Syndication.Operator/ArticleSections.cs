using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Syndication.Core;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;
using Syndication.Core.Publishing;

namespace Syndication.Operator;

/// <summary>Recent uploads with their state, title, date, language, tags, summary and feeds.</summary>
internal sealed class ArticlesSection(ArticleStatusQuery query, IOptions<FeedsOptions> feeds) : IOperatorSection
{
    public int Order => 10;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        var articles = await query.RecentAsync(200, cancellationToken);
        var sb = new StringBuilder("<section id=\"articles\"><h2>Articles</h2>");
        if (articles.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No uploads yet. Put a page into <code>articles/</code> (e.g. <code>syndication upload page.html</code>).</p></section>").ToString();
        }

        sb.Append("<table><thead><tr><th>uploaded</th><th>article</th><th>status</th><th>title</th><th>published</th><th>lang</th><th>tags</th><th>summary</th><th>feeds</th></tr></thead><tbody>");
        foreach (var article in articles)
        {
            var entry = article.Entry;
            var state = article.State.ToString().ToLowerInvariant();
            var summary = entry?.Summary ?? article.Quarantine?.Reason ?? "";
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<tr data-article=\"{Html.E(article.ArticleName)}\" data-status=\"{state}\">")
              .Append($"<td>{Html.Date(article.Uploaded)}</td>")
              .Append($"<td><a href=\"{Html.E(form.Link("/operator/articles/" + Html.Url(article.ArticleName)))}\">{Html.E(article.ArticleName)}</a></td>")
              .Append($"<td><span class=\"badge {state}\">{state}</span></td>")
              .Append($"<td>{Html.E(entry?.Title)}</td>")
              .Append($"<td>{Html.Date(entry?.Published)}</td>")
              .Append($"<td>{Html.E(entry?.Language)}</td>")
              .Append($"<td>{Html.E(string.Join(", ", entry?.Tags ?? []))}{(entry?.Limits is { Count: > 0 } limits ? $" <span class=\"badge limited\" title=\"{Html.E(string.Join(" ", limits))}\">limits applied</span>" : "")}</td>")
              .Append($"<td class=\"summary\">{Html.E(Shorten(summary, 220))}</td>")
              .Append($"<td>{(entry is null ? "" : FeedLinks(entry, feeds.Value))}</td>")
              .Append("</tr>");
        }

        return sb.Append("</tbody></table></section>").ToString();
    }

    internal static string FeedLinks(Entry entry, FeedsOptions feeds) =>
        string.Join(" · ", FeedScopes.For(entry, feeds).Select(scope =>
            $"<a href=\"{Html.E(feeds.Base)}/feeds/{Html.E(scope.Prefix)}rss.xml\">{Html.E(scope.Path.Length == 0 ? "site" : scope.Path)}</a>"));

    internal static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > 0 ? cut : max)] + " …";
    }
}

/// <summary>Quarantined uploads with the reason in words and a Retry button.</summary>
internal sealed class QuarantineSection(ArticleStatusQuery query) : IOperatorSection
{
    public int Order => 20;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder("<section id=\"quarantine\"><h2>Quarantine</h2>");
        var rows = new StringBuilder();
        await foreach (var record in query.QuarantinedAsync(cancellationToken))
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"<tr data-quarantined=\"{Html.E(record.Source)}\"><td>{Html.E(record.Source)}</td><td class=\"reason\">{Html.E(record.Reason)}</td><td>{Html.Date(record.QuarantinedAt)}</td><td>{record.Bytes:N0} bytes</td>")
                .Append($"<td>{form.Button(RetryQuarantineAction.ActionName, "Retry", new Dictionary<string, string> { ["name"] = record.Source })}</td></tr>");
        }

        return rows.Length == 0
            ? sb.Append("<p class=\"muted\">Nothing is quarantined.</p></section>").ToString()
            : sb.Append("<table><thead><tr><th>upload</th><th>reason</th><th>when</th><th>size</th><th></th></tr></thead><tbody>").Append(rows).Append("</tbody></table></section>").ToString();
    }
}

/// <summary>Retries a quarantined upload.</summary>
internal sealed class RetryQuarantineAction(QuarantineRetry retry) : IOperatorAction
{
    public const string ActionName = "retry-quarantine";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var name = form["name"].ToString();
        if (string.IsNullOrEmpty(name))
        {
            return "Retry: no upload named.";
        }

        var result = await retry.RetryAsync(name, cancellationToken);
        return result.Status switch
        {
            IngestStatus.Published or IngestStatus.Updated or IngestStatus.Unchanged => $"{name}: processed ({result.Status.ToString().ToLowerInvariant()}).",
            IngestStatus.Quarantined => $"{name}: still fails — {result.Reason}",
            _ => $"{name}: {result.Reason}",
        };
    }
}
