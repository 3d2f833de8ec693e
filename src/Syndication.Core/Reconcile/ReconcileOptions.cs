using System.ComponentModel.DataAnnotations;

namespace Syndication.Core.Reconcile;

/// <summary>Configuration section <c>Reconcile</c>: how much Reconcile may delete at once without an operator's word.</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>
    /// More entries than this fraction disappearing in one pass (or any disappearing behind an empty listing or a
    /// missing <c>articles</c> container) is refused until an operator confirms. One deletion always propagates.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxDeleteFraction { get; set; } = 0.2;
}
