using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;

namespace Syndication.Operator;

/// <summary>Deliveries that need an operator (dead, failed, held) with Replay, and the latest ones.</summary>
internal sealed class DeliveriesSection(DeliveryAdmin admin) : IOperatorSection
{
    public int Order => 30;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        var all = await admin.ListDeliveriesAsync(null, null, null, cancellationToken);
        var sb = new StringBuilder("<section id=\"deliveries\"><h2>Deliveries</h2>");
        if (all.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No deliveries yet (partners are configured in <code>config/partners.json</code>).</p></section>").ToString();
        }

        var counts = all.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Html.E(string.Join(", ", counts))}</p>");
        var attention = all.Where(d => d.Status is DeliveryStatus.Dead or DeliveryStatus.Failed or DeliveryStatus.Held).Take(100).ToList();
        var recent = all.Where(d => d.Status is DeliveryStatus.Delivered or DeliveryStatus.Pending).Take(30).ToList();
        sb.Append("<table><thead><tr><th>delivery (webhook-id)</th><th>partner</th><th>event</th><th>entry</th><th>status</th><th>created</th><th>attempts</th><th></th></tr></thead><tbody>");
        foreach (var row in attention.Concat(recent))
        {
            var record = await admin.GetDeliveryAsync(row.Id, cancellationToken);
            var status = row.Status.ToString().ToLowerInvariant();
            var replay = row.Status is DeliveryStatus.Dead or DeliveryStatus.Failed or DeliveryStatus.Held
                ? form.Button(ReplayDeliveryAction.ActionName, "Replay", new Dictionary<string, string> { ["id"] = row.Id })
                : "";
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-delivery=\"{Html.E(row.Id)}\" data-status=\"{status}\"><td><code>{Html.E(row.Id)}</code></td><td>{Html.E(row.PartnerId)}</td><td>{Html.E(row.EventType)}</td><td>{Html.E(row.EntryId)}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td><span class=\"badge {status}\">{status}</span>{(record?.Note is null ? "" : "<br><span class=\"muted\">" + Html.E(record.Note) + "</span>")}</td><td>{Html.Date(row.CreatedAt)}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{Attempts(record)}</td><td>{replay}</td></tr>");
        }

        return sb.Append("</tbody></table></section>").ToString();
    }

    internal static string Attempts(DeliveryRecord? record)
    {
        if (record is null || record.Attempts.Count == 0)
        {
            return "<span class=\"muted\">none yet</span>";
        }

        return "<ol class=\"attempts\">" + string.Concat(record.Attempts.Select(a =>
            $"<li>{Html.Date(a.At)} — {(a.StatusCode is { } code ? "HTTP " + code.ToString(CultureInfo.InvariantCulture) : "no answer")} in {a.LatencyMs.ToString("0", CultureInfo.InvariantCulture)} ms{(a.Error is null ? "" : " — " + Html.E(a.Error))}</li>")) + "</ol>";
    }
}

/// <summary>Partners with their state and a Send test ping button.</summary>
internal sealed class PartnersSection(DeliveryAdmin admin) : IOperatorSection
{
    public int Order => 40;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        IReadOnlyList<PartnerOverview> partners;
        try
        {
            partners = await admin.ListPartnersAsync(cancellationToken);
        }
        catch (PartnerRegistryException ex)
        {
            return $"<section id=\"partners\"><h2>Partners</h2><p class=\"notice\">config/partners.json is invalid: {Html.E(ex.Message)}</p></section>";
        }

        var sb = new StringBuilder("<section id=\"partners\"><h2>Partners</h2>");
        if (partners.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No partners in <code>config/partners.json</code>.</p></section>").ToString();
        }

        sb.Append("<table><thead><tr><th>partner</th><th>endpoint</th><th>languages</th><th>tags</th><th>state</th><th>deliveries</th><th></th></tr></thead><tbody>");
        foreach (var p in partners)
        {
            var state = p.Active ? "<span class=\"badge delivered\">active</span>" : $"<span class=\"badge dead\">disabled</span> {Html.E(p.State.DisabledReason ?? "")}";
            var counts = string.Join(", ", p.Deliveries.OrderBy(d => d.Key).Select(d => $"{d.Value} {d.Key.ToString().ToLowerInvariant()}"));
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-partner=\"{Html.E(p.Partner.Id)}\"><td>{Html.E(p.Partner.Name)}<br><code>{Html.E(p.Partner.Id)}</code></td><td>{Html.E(p.Partner.Url.ToString())}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{Html.E(p.Partner.Languages.Count == 0 ? "all" : string.Join(", ", p.Partner.Languages))}</td><td>{Html.E(p.Partner.Tags.Count == 0 ? "all" : string.Join(", ", p.Partner.Tags))}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{state}</td><td>{Html.E(counts)}</td><td>{form.Button(PingPartnerAction.ActionName, "Send test ping", new Dictionary<string, string> { ["id"] = p.Partner.Id })}</td></tr>");
        }

        return sb.Append("</tbody></table></section>").ToString();
    }
}

/// <summary>Per-partner delivery status of one article, with the attempt history.</summary>
internal sealed class ArticleDeliveriesDetail(DeliveryAdmin admin) : IOperatorArticleDetail
{
    public async Task<string> RenderAsync(Entry entry, CancellationToken cancellationToken)
    {
        var rows = (await admin.ListDeliveriesAsync(null, null, null, cancellationToken)).Where(d => d.EntryId == entry.Id).ToList();
        var sb = new StringBuilder("<h2>Partners</h2>");
        if (rows.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No partner subscribed to this article.</p>").ToString();
        }

        sb.Append("<table id=\"article-deliveries\"><thead><tr><th>partner</th><th>event</th><th>status</th><th>attempts</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var status = row.Status.ToString().ToLowerInvariant();
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-partner=\"{Html.E(row.PartnerId)}\" data-status=\"{status}\"><td>{Html.E(row.PartnerId)}</td><td>{Html.E(row.EventType)}</td><td><span class=\"badge {status}\">{status}</span></td><td>{DeliveriesSection.Attempts(await admin.GetDeliveryAsync(row.Id, cancellationToken))}</td></tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }
}

/// <summary>Replays one delivery.</summary>
internal sealed class ReplayDeliveryAction(DeliveryAdmin admin) : IOperatorAction
{
    public const string ActionName = "replay-delivery";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var id = form["id"].ToString();
        return await admin.ReplayAsync(id, cancellationToken) switch
        {
            ReplayOutcome.Queued => $"Replay of {id} queued; it is sent within a second.",
            ReplayOutcome.PartnerUnknown => $"{id}: its partner is no longer in config/partners.json.",
            _ => $"{id}: no such delivery.",
        };
    }
}

/// <summary>Sends a signed test ping to a partner.</summary>
internal sealed class PingPartnerAction(DeliveryAdmin admin) : IOperatorAction
{
    public const string ActionName = "ping-partner";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var id = form["id"].ToString();
        var result = await admin.TestPartnerAsync(id, cancellationToken);
        if (result is null)
        {
            return $"{id}: no such partner.";
        }

        var answer = result.Response.StatusCode is { } code ? $"HTTP {code}" : "no answer" + (result.Response.Error is null ? "" : $" ({result.Response.Error})");
        return $"Ping {result.WebhookId} to {id}: {answer} in {result.Response.Latency.TotalMilliseconds:0} ms.";
    }
}
