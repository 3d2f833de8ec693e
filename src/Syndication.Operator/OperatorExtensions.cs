using Microsoft.AspNetCore.Http;

namespace Syndication.Operator;

/// <summary>A section of the operator dashboard (articles, quarantine, deliveries, partners…).</summary>
public interface IOperatorSection
{
    /// <summary>Position on the page, smallest first.</summary>
    int Order { get; }

    /// <summary>HTML of the section; <paramref name="form"/> renders a POST button with the anti-forgery token.</summary>
    Task<string> RenderAsync(OperatorForms form, CancellationToken cancellationToken);
}

/// <summary>A POST action of the operator page (retry, replay, ping), at <c>/operator/actions/&lt;name&gt;</c>.</summary>
public interface IOperatorAction
{
    string Name { get; }

    /// <summary>Runs the action; returns the message shown on the page afterwards.</summary>
    Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken);
}

/// <summary>Renders links and action buttons (forms carrying the anti-forgery token) for the current host.</summary>
/// <param name="pathBase">Where the operator routes live (<c>""</c> locally, <c>/api</c> in the Function App).</param>
/// <param name="functionKey">The function key the page was opened with (Azure), carried on every link and form.</param>
public sealed class OperatorForms(string tokenFieldName, string token, string pathBase, string? functionKey = null)
{
    public string PathBase { get; } = pathBase;

    /// <summary>URL of an operator path such as <c>/operator/articles/x</c>, with the function key when there is one.</summary>
    public string Link(string path, string? query = null)
    {
        var parts = new[] { query, functionKey is null ? null : "code=" + Uri.EscapeDataString(functionKey) }.Where(p => !string.IsNullOrEmpty(p));
        var joined = string.Join('&', parts);
        return PathBase + path + (joined.Length == 0 ? "" : "?" + joined);
    }

    public string Button(string action, string label, IReadOnlyDictionary<string, string> fields)
    {
        var hidden = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{Html.E(f.Key)}\" value=\"{Html.E(f.Value)}\">"));
        return $"<form method=\"post\" action=\"{Html.E(Link("/operator/actions/" + Html.Url(action)))}\">"
            + $"<input type=\"hidden\" name=\"{Html.E(tokenFieldName)}\" value=\"{Html.E(token)}\">{hidden}"
            + $"<button type=\"submit\" data-action=\"{Html.E(action)}\">{Html.E(label)}</button></form>";
    }
}
