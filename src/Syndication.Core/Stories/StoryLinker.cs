using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Stories;

/// <summary>
/// Keeps the translations of a story's entries in step: when an entry is saved it joins its story's document, when it
/// is deleted it leaves it, and every sibling whose translations change as a result is rewritten through
/// <see cref="EntryJournal.RelinkAsync"/> (which republishes its feeds; partners are not told, a link is no article
/// change). Runs as a change handler, so the journal's outbox re-runs it after a crash; each step is idempotent.
/// Changes announced together (a reconcile pass) are taken story by story: one rewrite of each story's document and one
/// look at each sibling, however many of its entries the pass saved.
/// </summary>
public sealed partial class StoryLinker(StoryIndex stories, Func<EntryJournal> journal, ILogger<StoryLinker> logger) : IEntryChangeBatchHandler
{
    /// <summary>Stories linked at once in a batch.</summary>
    private const int Concurrency = 16;

    public Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Entry.Story is { } story && change.Kind != EntryChangeKind.Relinked
            ? LinkAsync(story, [change], cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Links the changes story by story, in the order given within each story. A story that fails holds up no other:
    /// its changes are reported in an <see cref="EntryChangesFailedException"/> once the rest are done.
    /// </summary>
    public async Task OnEntriesChangedAsync(IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var byStory = changes.Where(c => c.Entry.Story is not null && c.Kind != EntryChangeKind.Relinked)
            .GroupBy(c => c.Entry.Story!, StringComparer.Ordinal).ToList();
        var failed = new ConcurrentBag<(EntryChange, Exception)>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byStory, options, async (group, ct) =>
        {
            try
            {
                await LinkAsync(group.Key, [.. group], ct);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or StorageUnavailableException))
            {
                foreach (var change in group)
                {
                    failed.Add((change, ex));
                }
            }
        });

        if (!failed.IsEmpty)
        {
            throw new EntryChangesFailedException([.. failed]);
        }
    }

    /// <summary>Applies the changes of one story to its document in one rewrite, then relinks each live member whose links are not already right.</summary>
    private async Task LinkAsync(string story, IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken)
    {
        var document = await stories.ApplyAsync(story, [.. changes.Select(c => c.Kind == EntryChangeKind.Deleted ? StoryMove.Leave(c.Entry.Id) : StoryMove.Join(MemberOf(c.Entry)))], cancellationToken);
        if (document is null)
        {
            return;
        }

        // The entries as these changes left them (the last change of each wins); a saved one whose links are right needs no look.
        var saved = new Dictionary<string, Entry?>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            saved[change.Entry.Id] = change.Kind == EntryChangeKind.Deleted ? null : change.Entry;
        }

        foreach (var member in document.Members.Where(m => !m.Deleted))
        {
            if (saved.TryGetValue(member.EntryId, out var entry) && entry is not null
                && StoryTranslations.Same(entry.Translations, StoryTranslations.For(document, member.EntryId, member.Language, member.Url)))
            {
                continue;
            }

            // The links are computed from the story as it stands after the sibling was read, not from the document
            // this join returned: another translation joining at the same time may have relinked the sibling from a
            // newer document already, and an older one must not overwrite it.
            var count = 0;
            if (await journal().RelinkAsync(member.EntryId, async (sibling, ct) =>
            {
                var current = await stories.GetAsync(story, ct) ?? document;
                var links = StoryTranslations.For(current, sibling.Id, sibling.Language, sibling.Url);
                count = links.Count;
                return links;
            }, cancellationToken))
            {
                LogRelinked(logger, member.EntryId, story, count);
            }
        }
    }

    /// <summary>What a story's document remembers of an entry.</summary>
    public static StoryMember MemberOf(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new StoryMember(entry.Id, entry.Language, entry.Url, entry.Alternates);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Entry {EntryId} of story {Story} now links {Count} translation(s)")]
    private static partial void LogRelinked(ILogger logger, string entryId, string story, int count);
}
