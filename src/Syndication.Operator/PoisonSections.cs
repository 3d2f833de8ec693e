using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Syndication.Core.Queues;

namespace Syndication.Operator;

/// <summary>
/// A banner at the top of the page while work is parked in a poison queue (<see cref="PoisonLedger"/>): which queue,
/// why, since when, how often it was requeued, and a Retry button per message.
/// </summary>
internal sealed class ParkedMessagesBannerSection(PoisonLedger ledger) : IOperatorSection
{
    public int Order => 1;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        var parked = await ledger.ListParkedAsync(cancellationToken);
        if (parked.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<section id=\"parked\" class=\"alert\" role=\"alert\"><h2>Parked work</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{parked.Count:N0} queue message(s) kept failing after {PoisonLedger.MaxRequeues} requeues and wait in their poison queue. Fix the cause (the reason says where to look), then retry.</p>")
          .Append("<table><thead><tr><th>queue</th><th>message</th><th>reason</th><th>first seen</th><th>last seen</th><th>requeues</th><th></th></tr></thead><tbody>");
        foreach (var message in parked)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-parked=\"{Html.E(message.Id)}\" data-queue=\"{Html.E(message.Queue)}\"><td>{Html.E(QueueDrainer.PoisonQueue(message.Queue))}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td><code>{Html.E(ArticlesSection.Shorten(message.Body, 200))}</code></td><td class=\"reason\">{Html.E(message.Reason)}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{Html.Date(message.FirstSeen)}</td><td>{Html.Date(message.LastSeen)}</td><td class=\"requeues\">{message.TimesRequeued}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td>{form.Button(RetryParkedAction.ActionName, "Retry", new Dictionary<string, string> { ["queue"] = message.Queue, ["id"] = message.Id })}</td></tr>");
        }

        return sb.Append("</tbody></table></section>").ToString();
    }
}

/// <summary>The operator retries a parked message: its ledger record goes and the message is requeued (<see cref="PoisonReconciler.RetryParkedAsync"/>).</summary>
internal sealed class RetryParkedAction(PoisonReconciler poison) : IOperatorAction
{
    public const string ActionName = "retry-parked";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        string queue = form["queue"].ToString(), id = form["id"].ToString();
        return await poison.RetryParkedAsync(queue, id, cancellationToken) switch
        {
            ParkedRetryOutcome.Requeued => $"Parked {queue} message {id}: requeued with a fresh count.",
            ParkedRetryOutcome.RequeuedByNextPass => $"Parked {queue} message {id}: no longer parked; the next reconcile pass requeues it (a pass looked at it moments ago).",
            _ => $"No parked {queue} message {id} (retried already?).",
        };
    }
}
