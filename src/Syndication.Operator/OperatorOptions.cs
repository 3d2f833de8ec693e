using System.ComponentModel.DataAnnotations;

namespace Syndication.Operator;

/// <summary>Configuration section <c>Operator</c>: who may open the local operator page.</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>Host names the page answers besides loopback names and the names it listens on (DNS rebinding guard).</summary>
    public IList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Required on every operator request (<c>?code=</c> or <c>Authorization: Bearer</c>) when set; without it, a
    /// page listening on a non-loopback address refuses every operator request.
    /// </summary>
    [MinLength(16, ErrorMessage = "Operator:AccessKey must be at least 16 characters long.")]
    public string? AccessKey { get; init; }
}
