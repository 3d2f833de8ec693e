using System.ComponentModel.DataAnnotations;

namespace Syndication.Cli.Local;

/// <summary>Configuration section <c>Local</c>: the local host's worker loop.</summary>
internal sealed class LocalOptions
{
    public const string SectionName = "Local";

    /// <summary>How often a full reconcile runs (heals missed watcher events, propagates deletions).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often queues are polled for due work (delayed deliveries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
