using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;

namespace Syndication.Core.Stories;

/// <summary>
/// Keeps the translations of a story's entries in step: when an entry is saved it joins its story's document, when it
/// is deleted it leaves it, and every sibling whose translations change as a result is rewritten through
/// <see cref="EntryJournal.RelinkAsync"/> (which republishes its feeds; partners are not told, a link is no article
/// change). Runs as a change handler, so the journal's outbox re-runs it after a crash; each step is idempotent.
/// </summary>
public sealed partial class StoryLinker(StoryIndex stories, Func<EntryJournal> journal, ILogger<StoryLinker> logger) : IEntryChangeHandler
{
    public async Task OnEntryChangedAsync(EntryChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entry = change.Entry;
        if (entry.Story is not { } story || change.Kind == EntryChangeKind.Relinked)
        {
            return;
        }

        var document = change.Kind == EntryChangeKind.Deleted
            ? await stories.LeaveAsync(story, entry.Id, cancellationToken)
            : await stories.JoinAsync(story, MemberOf(entry), cancellationToken);
        if (document is null)
        {
            return;
        }

        foreach (var member in document.Members.Where(m => !m.Deleted))
        {
            if (member.EntryId == entry.Id && StoryTranslations.Same(entry.Translations, StoryTranslations.For(document, member.EntryId, member.Language, member.Url)))
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
