using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Reconcile;

/// <summary>
/// Stops Reconcile from mistaking a missing or emptied <c>articles</c> container (a renamed folder, a wrong
/// connection string, an accidental bulk delete) for an editor deleting every article: such a pass deletes
/// nothing, records a <see cref="MassDeleteRefusal"/> the operator page and the CLI show, and waits for an
/// operator to confirm (<c>reconcile --allow-mass-delete</c> or the page's button).
/// </summary>
public sealed partial class MassDeleteGuard(IBlobStore store, IOptions<ReconcileOptions> options, TimeProvider timeProvider, ILogger<MassDeleteGuard> logger)
{
    private const string RefusalName = "reconcile/refusal.json";
    private const int MaxExamples = 10;

    /// <summary>Why deleting <paramref name="disappearing"/> of <paramref name="entries"/> entries must wait for an operator, or null when it may go ahead.</summary>
    public string? Check(bool articlesContainerExists, int articlesListed, int entries, IReadOnlyCollection<EntryListing> disappearing)
    {
        ArgumentNullException.ThrowIfNull(disappearing);
        if (disappearing.Count == 0)
        {
            return null;
        }

        if (!articlesContainerExists)
        {
            return $"The articles container (folder) is missing, so all {entries:N0} entries look deleted. Nothing was deleted. "
                + "If the articles were really removed, confirm with 'syndication reconcile --allow-mass-delete' or the button on the operator page.";
        }

        if (articlesListed == 0)
        {
            return $"The articles listing is empty, so all {entries:N0} entries look deleted. Nothing was deleted. "
                + "If the articles were really removed, confirm with 'syndication reconcile --allow-mass-delete' or the button on the operator page.";
        }

        var limit = Math.Max(1, (int)Math.Floor(options.Value.MaxDeleteFraction * entries));
        if (disappearing.Count > limit)
        {
            var share = (double)disappearing.Count / entries;
            return string.Create(CultureInfo.InvariantCulture,
                $"{disappearing.Count:N0} of {entries:N0} entries ({share * 100:0.#}%) lost their article at once; Reconcile:MaxDeleteFraction = {options.Value.MaxDeleteFraction} allows {limit:N0}. Nothing was deleted. ")
                + "If the articles were really removed, confirm with 'syndication reconcile --allow-mass-delete' or the button on the operator page.";
        }

        return null;
    }

    /// <summary>The refusal of the latest pass, if it refused.</summary>
    public async Task<MassDeleteRefusal?> GetRefusalAsync(CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<MassDeleteRefusal>(Containers.Journal, RefusalName, StoredJson.Options, cancellationToken))?.Value;

    public async Task<MassDeleteRefusal> RefuseAsync(string reason, int entries, IReadOnlyCollection<EntryListing> disappearing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disappearing);
        var examples = disappearing.Select(l => l.Source ?? l.Id).Order(StringComparer.Ordinal).Take(MaxExamples).ToList();
        var refusal = new MassDeleteRefusal(timeProvider.GetUtcNow(), reason, entries, disappearing.Count, examples);
        await store.PutJsonAsync(Containers.Journal, RefusalName, refusal, StoredJson.Options, null, false, cancellationToken);
        LogRefused(logger, disappearing.Count, entries, reason);
        return refusal;
    }

    /// <summary>Forgets a refusal once a pass had nothing to refuse (the articles are back, or the deletion was confirmed).</summary>
    public Task ClearAsync(CancellationToken cancellationToken) =>
        store.DeleteAsync(Containers.Journal, RefusalName, null, cancellationToken);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Reconcile refused to delete {Disappearing} of {Entries} entries: {Reason}")]
    private static partial void LogRefused(ILogger logger, int disappearing, int entries, string reason);
}
