using System.Globalization;
using System.Text;
using Syndication.Core.WebSub;

namespace Syndication.Operator;

/// <summary>The built-in hub's subscriptions per topic, with the last distribution and a Drop button.</summary>
internal sealed class WebSubSection(HubSubscriptionStore subscriptions, TimeProvider timeProvider) : IOperatorSection
{
    private const int Limit = 500;

    public int Order => 50;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        var all = await subscriptions.ListAsync(Limit, cancellationToken);
        var sb = new StringBuilder("<section id=\"websub\"><h2>WebSub subscriptions</h2>");
        if (all.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No feed reader has subscribed through the built-in hub yet.</p></section>").ToString();
        }

        var now = timeProvider.GetUtcNow();
        foreach (var topic in all.GroupBy(s => s.Subscription.FeedName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3><code>feeds/{Html.E(topic.Key)}</code> — {topic.Count()} subscriber(s)</h3>")
              .Append("<table><thead><tr><th>callback</th><th>lease until</th><th>signed</th><th>last distribution</th><th></th></tr></thead><tbody>");
            foreach (var (key, s) in topic.OrderBy(s => s.Subscription.Callback, StringComparer.Ordinal))
            {
                var last = s.LastDistribution is not { } d
                    ? "<span class=\"muted\">none yet</span>"
                    : $"{Html.Date(d.At)} — <span class=\"badge {(d.Delivered ? "delivered" : "failed")}\">{(d.Delivered ? "delivered" : "failed")}</span> "
                      + Html.E(d.StatusCode is { } code ? "HTTP " + code.ToString(CultureInfo.InvariantCulture) : d.Error)
                      + (d.Attempt > 0 ? Html.E($" (attempt {d.Attempt + 1})") : "");
                var expires = s.Expires <= now ? "<span class=\"badge failed\">expired</span>" : Html.Date(s.Expires);
                sb.Append(CultureInfo.InvariantCulture, $"<tr data-subscription=\"{Html.E(key)}\"><td><code>{Html.E(s.Callback)}</code></td><td>{expires}</td><td>{(s.Secret is null ? "no" : "yes")}</td><td>{last}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{form.Button(DropSubscriptionAction.ActionName, "Drop", new Dictionary<string, string> { ["key"] = key })}</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        if (all.Count >= Limit)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Showing the first {Limit}.</p>");
        }

        return sb.Append("</section>").ToString();
    }
}
