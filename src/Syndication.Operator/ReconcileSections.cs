using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Syndication.Core.Reconcile;

namespace Syndication.Operator;

/// <summary>A banner at the top of the page while Reconcile refuses a mass deletion, with the button that confirms it.</summary>
internal sealed class MassDeleteBannerSection(MassDeleteGuard guard) : IOperatorSection
{
    public int Order => 0;

    public async Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken)
    {
        if (await guard.GetRefusalAsync(cancellationToken) is not { } refusal)
        {
            return "";
        }

        var sb = new StringBuilder("<section id=\"mass-delete\" class=\"alert\" role=\"alert\"><h2>Deletion refused</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"reason\">{Html.E(refusal.Reason)}</p>")
          .Append(CultureInfo.InvariantCulture, $"<p>Seen {Html.Date(refusal.When)}: {refusal.Disappearing:N0} of {refusal.Entries:N0} entries lost their article")
          .Append(refusal.Examples.Count == 0 ? "" : ", e.g. " + string.Join(", ", refusal.Examples.Select(e => $"<code>{Html.E(e)}</code>")))
          .Append(".</p><p>If the articles were removed on purpose, confirm and the next pass deletes their entries, removes them from every feed and tells the partners:</p>")
          .Append(form.Button(AllowMassDeleteAction.ActionName, $"Delete {refusal.Disappearing:N0} entries", new Dictionary<string, string>()))
          .Append("</section>");
        return sb.ToString();
    }
}

/// <summary>The operator confirms a refused mass deletion: one reconcile pass that may delete however much.</summary>
internal sealed class AllowMassDeleteAction(ReconcileHandler reconcile) : IOperatorAction
{
    public const string ActionName = "allow-mass-delete";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var result = await reconcile.HandleAsync(cancellationToken, allowMassDelete: true);
        return $"Reconcile confirmed: {result.Deleted:N0} entries deleted; their removal is being published and announced.";
    }
}
