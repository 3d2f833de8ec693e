using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Publishing;

/// <summary>
/// Publishes with a cost independent of the archive size, and a batch of changes at about the cost of one: each
/// affected scope is read, changed and committed once, and its feed documents are rewritten once. Per scope a small
/// index blob (head entries, the open archive page, archive pages not yet written, the archived count) is the single
/// commit point, written with If-Match and retried on conflict. Everything after a commit (feed documents, archive
/// pages, the OPML registration, entry locators) is derived from committed state and repeated until it holds, so a
/// publish retried after a crash at any point converges on what an uninterrupted one writes. Full archive pages
/// (RFC 5005) are sealed into their own data blob and change again only when an old article is edited or removed,
/// which a per-entry locator blob finds without scanning.
/// </summary>
public sealed partial class ArchivingFeedPublisher(
    IBlobStore store,
    EntryRepository entries,
    FeedDocumentStore documents,
    IOpmlWriter opml,
    IEnumerable<IFeedChangeNotifier> notifiers,
    IOptions<FeedsOptions> options,
    TimeProvider timeProvider,
    ILogger<ArchivingFeedPublisher> logger) : IFeedPublisher
{
    private const int MaxAttempts = 100;

    /// <summary>Scopes or entries worked on at once: their blobs are independent, and concurrent writes share the store's flushes.</summary>
    private const int Parallelism = 16;

    private static readonly JsonSerializerOptions Json = PublishingPaths.Json;

    /// <summary>Rounds of a publish that each found an entry changed under them: bounds a pathological writer, nothing else.</summary>
    private const int MaxRounds = 20;

    public async Task PublishAsync(IReadOnlyList<PublishMessage> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Select(c => c.EntryId).Distinct(StringComparer.Ordinal).ToList();
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        for (var round = 1; ids.Count > 0; round++)
        {
            // An entry stored (or deleted) after this round read it may have been published by another publisher before
            // this round's commits, which then put the older state back over it. Each round checks, after its locators
            // are written, that the entries it published are still the stored ones, and publishes again those that are
            // not. A change made after that check is announced after it, so its own publish reads these locators.
            var (headsChanged, stale) = await PublishRoundAsync(ids, cancellationToken);
            changed.UnionWith(headsChanged);
            if (stale.Count > 0 && round >= MaxRounds)
            {
                throw new InvalidOperationException($"Entries {string.Join(", ", stale.Take(5))} kept changing during {MaxRounds} publishing rounds; the message will be retried.");
            }

            if (stale.Count > 0)
            {
                LogRepublish(logger, stale.Count, round);
            }

            ids = stale;
        }

        if (changed.Count > 0)
        {
            var urls = changed.SelectMany(documents.HeadUrls).ToList();
            foreach (var notifier in notifiers)
            {
                await notifier.FeedsChangedAsync(urls, cancellationToken);
            }
        }
    }

    /// <summary>One pass over the entries: returns the scopes whose head changed, and the entries stored anew since they were read.</summary>
    private async Task<(List<string> HeadsChanged, List<string> Stale)> PublishRoundAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var loaded = new EntryState[ids.Count];
        await ForEachAsync(Enumerable.Range(0, ids.Count), async (i, ct) => loaded[i] = await LoadAsync(ids[i], ct), cancellationToken);

        var feeds = options.Value;
        var scopes = new Dictionary<string, ScopeBatch>(StringComparer.Ordinal);
        ScopeBatch BatchOf(string path)
        {
            if (!scopes.TryGetValue(path, out var batch))
            {
                batch = new ScopeBatch(path);
                scopes[path] = batch;
            }

            return batch;
        }

        var work = new List<EntryState>();
        foreach (var state in loaded)
        {
            if (state.Entry is not null && state.Locator?.Version == FeedRevision.Of(state.Entry))
            {
                continue; // this version is published already (the locator is written last)
            }

            if (state.Entry is null && state.Locator is null)
            {
                continue;
            }

            work.Add(state);
            var targets = state.Entry is null ? [] : FeedScopes.For(state.Entry, feeds).ToList();
            var targetPaths = targets.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var (path, page) in state.Locator?.Pages ?? [])
            {
                if (!targetPaths.Contains(path))
                {
                    BatchOf(path).Removals.Add((state.Id, page));
                }
            }

            foreach (var scope in targets)
            {
                var batch = BatchOf(scope.Path);
                batch.Scope ??= scope;
                batch.Upserts.Add((Slim(state.Entry!), state.Locator is not null && state.Locator.Pages.TryGetValue(scope.Path, out var p) ? p : -1));
            }
        }

        if (work.Count == 0)
        {
            return ([], []);
        }

        var inBatch = work.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        await ForEachAsync(scopes.Values, (batch, ct) => new ValueTask(PublishScopeAsync(batch, inBatch, ct)), cancellationToken);

        // Only now that every scope's pages are written: registration, then locators, then the indexes let go of
        // the archive pages they were holding (a retry before that finds this batch's entries in the index itself).
        // Registration is checked against the registry for scopes this batch created, and for any batch that may be
        // finishing an interrupted publish; it needs no write of the index.
        await RegisterScopesAsync([.. scopes.Values.Where(b => b.Index is not null && b.CheckRegistration).Select(b => b.Index!)], cancellationToken);
        await WriteLocatorsAsync(work, scopes.Values, cancellationToken);
        await ForEachAsync(scopes.Values.Where(b => b.Index is not null && b.Flushed.Count > 0),
            (batch, ct) => new ValueTask(SettleIndexAsync(batch, ct)), cancellationToken);

        var stale = new List<string>();
        await ForEachAsync(work, async (state, ct) =>
        {
            if (await entries.GetETagAsync(state.Id, ct) != state.ETag)
            {
                lock (stale)
                {
                    stale.Add(state.Id);
                }
            }
        }, cancellationToken);

        return ([.. scopes.Values.Where(b => b.HeadChanged).Select(b => b.Path)], stale);
    }

    private async Task<EntryState> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await entries.GetWithStateAsync(id, cancellationToken);
        var locator = await ReadLocatorAsync(id, cancellationToken);
        return new EntryState(id, stored?.Entry, stored?.ETag, locator);
    }

    private async Task<EntryLocator?> ReadLocatorAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetJsonAsync<EntryLocator>(Containers.Publishing, PublishingPaths.Locator(id), Json, cancellationToken))?.Value;

    /// <summary>Applies a batch's changes to one scope: one read, one commit, one write of each changed document.</summary>
    private async Task PublishScopeAsync(ScopeBatch batch, HashSet<string> inBatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (blob, legacy) = await ReadIndexAsync(batch.Path, cancellationToken);
            if (blob is null && batch.Scope is null)
            {
                return; // removals only, from a scope that was never written
            }

            // An index in the legacy layout is committed create-only under the flat name (and its old blob removed).
            var (index, etag) = blob is { } found ? (found.Value, legacy ? null : (string?)found.ETag) : (NewIndex(batch.Scope!), null);
            var before = Snapshot(index);
            batch.Start(inBatch);
            batch.Mutated = legacy;
            if (!index.Registered)
            {
                // A new scope, or an index of a release that marked registration in a second write: this batch
                // registers it, and the commit below records that it is taken care of (a crash before the
                // registration is finished leaves the batch's entries in the index, which makes its retry check again).
                batch.CheckRegistration = true;
                index.Registered = true;
            }

            foreach (var (id, knownPage) in batch.Removals)
            {
                await RemoveAsync(index, batch, id, knownPage, cancellationToken);
            }

            foreach (var (entry, knownPage) in batch.Upserts)
            {
                await UpsertAsync(index, batch, entry, knownPage, cancellationToken);
            }

            if (batch.Mutated && !await TryCommitAsync(index, etag, attempt, cancellationToken))
            {
                continue;
            }

            if (legacy)
            {
                await store.DeleteAsync(Containers.Publishing, PublishingPaths.LegacyIndex(batch.Path), null, cancellationToken);
            }

            batch.Index = index;
            await WriteDocumentsAsync(index, before, batch, cancellationToken);
            await FlushPendingAsync(index, batch, cancellationToken);
            return;
        }
    }

    /// <summary>A scope's index under its flat name, else in the layout of earlier releases (then <c>Legacy</c> is true).</summary>
    private async Task<((ScopeIndex Value, string ETag)? Blob, bool Legacy)> ReadIndexAsync(string scopePath, CancellationToken cancellationToken)
    {
        if (await store.GetJsonAsync<ScopeIndex>(Containers.Publishing, PublishingPaths.Index(scopePath), Json, cancellationToken) is { } current)
        {
            return (current, false);
        }

        var legacy = await store.GetJsonAsync<ScopeIndex>(Containers.Publishing, PublishingPaths.LegacyIndex(scopePath), Json, cancellationToken);
        return (legacy, legacy is not null);
    }

    /// <summary>Inserts or replaces the entry in one scope's index (a sealed page it sits on joins the index as pending).</summary>
    private async Task UpsertAsync(ScopeIndex index, ScopeBatch batch, Entry entry, int knownPage, CancellationToken cancellationToken)
    {
        if (knownPage < 0 && Holds(index, entry.Id))
        {
            // In the index, yet its locator does not place it here: a publish of it stopped before its locators.
            batch.CheckRegistration = true;
        }
        else if (knownPage < 0 && index.HasArchive)
        {
            // The locator was read before this index. Since then another publisher may have placed the entry and newer
            // entries pushed it into an archive page the index no longer holds; that page leaves the index only after
            // the locators are written, so the locator read now (after the index) names it.
            knownPage = (await ReadLocatorAsync(entry.Id, cancellationToken))?.Pages.GetValueOrDefault(index.Path, -1) ?? -1;
        }

        if (IndexOf(index.Head, entry.Id) is var h and >= 0)
        {
            batch.Replace(index.Head, h, entry);
            batch.Place(entry.Id, 0);
        }
        else if (IndexOf(index.Open, entry.Id) is var o and >= 0)
        {
            batch.Replace(index.Open, o, entry);
            batch.Place(entry.Id, index.OpenPage);
        }
        else if (index.Pending.FirstOrDefault(p => IndexOf(p.Entries, entry.Id) >= 0) is { } pending)
        {
            if (batch.Replace(pending.Entries, IndexOf(pending.Entries, entry.Id), entry))
            {
                pending.Version = index.Seq + 1;
            }

            batch.Place(entry.Id, pending.Number);
        }
        else if (await FindSealedPageAsync(index, entry.Id, knownPage, cancellationToken) is { } page)
        {
            if (batch.Replace(page.Entries, IndexOf(page.Entries, entry.Id), entry))
            {
                page.Version = index.Seq + 1;
                index.Pending.Add(page);
            }

            batch.Place(entry.Id, page.Number);
        }
        else
        {
            Insert(index, entry, batch);
        }
    }

    private async Task RemoveAsync(ScopeIndex index, ScopeBatch batch, string id, int knownPage, CancellationToken cancellationToken)
    {
        if (IndexOf(index.Head, id) is var h and >= 0)
        {
            index.Head.RemoveAt(h);
            await RefillHeadAsync(index, batch, cancellationToken);
        }
        else if (IndexOf(index.Open, id) is var o and >= 0)
        {
            index.Open.RemoveAt(o);
        }
        else if (index.Pending.FirstOrDefault(p => IndexOf(p.Entries, id) >= 0) is { } pending)
        {
            pending.Entries.RemoveAt(IndexOf(pending.Entries, id));
            pending.Version = index.Seq + 1;
        }
        else if (await FindSealedPageAsync(index, id, knownPage, cancellationToken) is { } page)
        {
            page.Entries.RemoveAt(IndexOf(page.Entries, id));
            page.Version = index.Seq + 1;
            index.Pending.Add(page);
        }
        else
        {
            batch.Suspect = true; // gone already: a retry, whose documents are checked
            return;
        }

        batch.Mutated = true;
    }

    /// <summary>
    /// After a removal from the head, moves the newest archived entry up so the head keeps holding the newest
    /// entries: from the open page, else from the newest sealed page (which joins the index as pending, to be rewritten).
    /// </summary>
    private async Task RefillHeadAsync(ScopeIndex index, ScopeBatch batch, CancellationToken cancellationToken)
    {
        ArchivePageData? source;
        if (index.Open.Count > 0)
        {
            var fromOpen = index.Open[0];
            index.Open.RemoveAt(0);
            InsertSorted(index.Head, fromOpen);
            batch.Place(fromOpen.Id, 0);
            return;
        }

        if (!index.HasArchive || index.OpenPage < 2)
        {
            return;
        }

        var newest = index.OpenPage - 1;
        source = index.Pending.FirstOrDefault(p => p.Number == newest);
        if (source is null)
        {
            source = (await store.GetJsonAsync<ArchivePageData>(Containers.Publishing, PublishingPaths.PageData(index.Path, newest), Json, cancellationToken))?.Value;
            if (source is null || source.Entries.Count == 0)
            {
                return;
            }

            index.Pending.Add(source);
        }

        if (source.Entries.Count == 0)
        {
            return;
        }

        var pulled = source.Entries[0];
        source.Entries.RemoveAt(0);
        source.Version = index.Seq + 1;
        InsertSorted(index.Head, pulled);
        batch.Place(pulled.Id, 0);
    }

    /// <summary>Puts a new entry into the head (evicting the oldest into the archive) or, if older than the whole head, into the archive.</summary>
    private static void Insert(ScopeIndex index, Entry entry, ScopeBatch batch)
    {
        batch.Mutated = true;
        if (index.Head.Count < index.PageSize || FeedOrder.Compare(entry, index.Head[^1]) < 0)
        {
            InsertSorted(index.Head, entry);
            batch.Place(entry.Id, 0);
            if (index.Head.Count > index.PageSize)
            {
                var evicted = index.Head[^1];
                index.Head.RemoveAt(index.Head.Count - 1);
                batch.Place(evicted.Id, Archive(index, evicted));
            }

            return;
        }

        batch.Place(entry.Id, Archive(index, entry));
    }

    /// <summary>Adds an entry to the open page; seals the page when it is full (its data goes to Pending until written).</summary>
    private static int Archive(ScopeIndex index, Entry entry)
    {
        var page = index.OpenPage;
        InsertSorted(index.Open, entry);
        index.ArchivedCount++;
        if (index.ArchivedCount % index.PageSize == 0)
        {
            index.Pending.Add(new ArchivePageData { Number = page, Version = index.Seq + 1, Entries = [.. index.Open] });
            index.Open.Clear();
        }

        return page;
    }

    private async Task<bool> TryCommitAsync(ScopeIndex index, string? etag, int attempt, CancellationToken cancellationToken)
    {
        index.Seq++;
        index.Updated = timeProvider.GetUtcNow();
        try
        {
            await store.PutJsonAsync(Containers.Publishing, PublishingPaths.Index(index.Path), index, Json, etag, etag is null, cancellationToken);
            return true;
        }
        catch (BlobConflictException) when (attempt < MaxAttempts)
        {
            LogConflict(logger, index.Path, attempt);
            // Jitter against a thundering herd, not a schedule: real time even under a fake clock (as BlobStoreExtensions.UpdateAsync).
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken);
            return false;
        }
    }

    /// <summary>
    /// Writes the head and open-page documents the commit changed. When the batch met its own entries already in
    /// place (a retry after a crash), it also checks the documents it would otherwise skip and rewrites any that
    /// lag behind the index.
    /// </summary>
    private async Task WriteDocumentsAsync(ScopeIndex index, IndexSnapshot before, ScopeBatch batch, CancellationToken cancellationToken)
    {
        var openMoved = before.OpenPage != index.OpenPage || before.HasArchive != index.HasArchive;
        var headChanged = openMoved || !SameEntries(before.Head, index.Head);
        var openChanged = openMoved || !SameEntries(before.Open, index.Open);
        var writes = new List<Task>(2);
        if (headChanged || batch.Suspect)
        {
            writes.Add(documents.WriteHeadAsync(index, index.Seq, skipIfSame: !headChanged, cancellationToken));
        }

        if (index.HasArchive && (openChanged || batch.Suspect))
        {
            writes.Add(documents.WriteOpenPageAsync(index, index.Seq, skipIfSame: !openChanged, cancellationToken));
        }

        await Task.WhenAll(writes);
        batch.HeadChanged = headChanged;
    }

    /// <summary>Writes every pending archive page's data and documents; the index keeps them until <see cref="SettleIndexAsync"/>.</summary>
    private Task FlushPendingAsync(ScopeIndex index, ScopeBatch batch, CancellationToken cancellationToken) =>
        Task.WhenAll(index.Pending.ToList().Select(async page =>
        {
            await store.UpdateAsync(Containers.Publishing, PublishingPaths.PageData(index.Path, page.Number), current =>
            {
                var existing = current is null ? null : JsonSerializer.Deserialize<ArchivePageData>(current.Content.Span, Json);
                return existing is not null && existing.Version >= page.Version ? null : Content(page);
            }, cancellationToken);
            await documents.WriteSealedPageAsync(index, page, skipIfSame: false, cancellationToken);
            lock (batch.Flushed)
            {
                batch.Flushed.Add((page.Number, page.Version));
            }

            LogSealed(logger, index.Path, page.Number);
        }));

    /// <summary>The last step for a scope: drops the archive pages now written from the index and records its registration.</summary>
    private Task<bool> SettleIndexAsync(ScopeBatch batch, CancellationToken cancellationToken) =>
        store.UpdateAsync(Containers.Publishing, PublishingPaths.Index(batch.Path), current =>
        {
            if (current is null)
            {
                return null;
            }

            var latest = JsonSerializer.Deserialize<ScopeIndex>(current.Content.Span, Json)!;
            var removed = latest.Pending.RemoveAll(p => batch.Flushed.Any(f => f.Number == p.Number && p.Version <= f.Version));
            if (removed == 0 && latest.Registered)
            {
                return null;
            }

            latest.Registered = true;
            return Content(latest);
        }, cancellationToken);

    /// <summary>
    /// The archive page holding an entry: the locator's page when it checks out; otherwise (a crash between a commit
    /// and the locator update) a scan from the newest page down, which is slow but only heals inconsistencies.
    /// </summary>
    private async Task<ArchivePageData?> FindSealedPageAsync(ScopeIndex index, string id, int knownPage, CancellationToken cancellationToken)
    {
        if (!index.HasArchive || knownPage < 0)
        {
            return null;
        }

        if (knownPage > 0 && knownPage < index.OpenPage && index.Pending.All(p => p.Number != knownPage)
            && await ReadPageHoldingAsync(index.Path, knownPage, id, cancellationToken) is { } known)
        {
            return known;
        }

        LogLocatorMiss(logger, id, index.Path, knownPage);
        for (var page = index.OpenPage - 1; page >= 1; page--)
        {
            if (page != knownPage && index.Pending.All(p => p.Number != page) && await ReadPageHoldingAsync(index.Path, page, id, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private async Task<ArchivePageData?> ReadPageHoldingAsync(string scopePath, int page, string id, CancellationToken cancellationToken)
    {
        var data = await store.GetJsonAsync<ArchivePageData>(Containers.Publishing, PublishingPaths.PageData(scopePath, page), Json, cancellationToken);
        return data is { } found && IndexOf(found.Value.Entries, id) >= 0 ? found.Value : null;
    }

    /// <summary>Every entry of the batch gets its version and pages; entries the batch pushed into the archive get their new page.</summary>
    private async Task WriteLocatorsAsync(List<EntryState> work, IEnumerable<ScopeBatch> scopes, CancellationToken cancellationToken)
    {
        var placements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var outsiders = new List<(string Id, string Scope, int Page)>();
        foreach (var batch in scopes)
        {
            foreach (var (id, page) in batch.Placements)
            {
                if (batch.InBatch.Contains(id))
                {
                    if (!placements.TryGetValue(id, out var pages))
                    {
                        pages = new Dictionary<string, int>(StringComparer.Ordinal);
                        placements[id] = pages;
                    }

                    pages[batch.Path] = page;
                }
                else if (page > 0)
                {
                    outsiders.Add((id, batch.Path, page));
                }
            }
        }

        await ForEachAsync(work, async (state, ct) =>
        {
            if (state.Entry is null)
            {
                await store.DeleteAsync(Containers.Publishing, PublishingPaths.Locator(state.Id), null, ct);
                LogRemoved(logger, state.Id);
                return;
            }

            var pages = placements.TryGetValue(state.Id, out var p) ? p : [];
            await store.UpdateAsync(Containers.Publishing, PublishingPaths.Locator(state.Id), current =>
            {
                var existing = current is null ? null : JsonSerializer.Deserialize<EntryLocator>(current.Content.Span, Json);
                var next = new EntryLocator { Version = FeedRevision.Of(state.Entry) };
                foreach (var (path, page) in pages)
                {
                    // Pages only grow for an entry; a concurrent eviction may already have recorded a later page.
                    next.Pages[path] = existing is not null && existing.Pages.TryGetValue(path, out var seen) ? Math.Max(seen, page) : page;
                }

                return Content(next);
            }, ct);
        }, cancellationToken);

        await ForEachAsync(outsiders, async (o, ct) => await RecordPageAsync(o.Id, o.Scope, o.Page, ct), cancellationToken);
    }

    /// <summary>Records the archive page an evicted entry moved to (creates the locator if its own publish has not yet).</summary>
    private Task<bool> RecordPageAsync(string id, string scopePath, int page, CancellationToken cancellationToken) =>
        store.UpdateAsync(Containers.Publishing, PublishingPaths.Locator(id), current =>
        {
            var locator = current is null ? new EntryLocator() : JsonSerializer.Deserialize<EntryLocator>(current.Content.Span, Json)!;
            if (locator.Pages.TryGetValue(scopePath, out var seen) && seen >= page)
            {
                return null;
            }

            locator.Pages[scopePath] = page;
            return Content(locator);
        }, cancellationToken);

    /// <summary>
    /// Scopes not yet marked registered join the registry and the OPML index. Repeated until the index records it,
    /// so a crash between any two of these writes leaves no scope out of <c>index.opml</c>.
    /// </summary>
    private async Task RegisterScopesAsync(List<ScopeIndex> scopes, CancellationToken cancellationToken)
    {
        if (scopes.Count == 0)
        {
            return;
        }

        await store.UpdateAsync(Containers.Publishing, PublishingPaths.Registry, current =>
        {
            var registry = current is null ? new ScopeRegistry() : JsonSerializer.Deserialize<ScopeRegistry>(current.Content.Span, Json)!;
            var added = 0;
            foreach (var index in scopes)
            {
                if (registry.Scopes.All(s => s.Path != index.Path))
                {
                    registry.Scopes.Add(new RegisteredScope(index.Path, index.Title, index.Language, index.Tag));
                    added++;
                }
            }

            if (added == 0)
            {
                return null;
            }

            registry.Version++;
            registry.Scopes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return Content(registry);
        }, cancellationToken);

        // Re-read so a concurrent registration is never left out of the OPML written last.
        var latest = (await store.GetJsonAsync<ScopeRegistry>(Containers.Publishing, PublishingPaths.Registry, Json, cancellationToken))?.Value;
        if (latest is not null)
        {
            await WriteOpmlAsync(latest, skipIfSame: true, cancellationToken);
        }
    }

    private Task<bool> WriteOpmlAsync(ScopeRegistry registry, bool skipIfSame, CancellationToken cancellationToken)
    {
        var scopes = registry.Scopes;
        var feeds = options.Value;
        var outlines = new List<OpmlOutline>();
        foreach (var scope in scopes.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            foreach (var formatter in documents.Formatters)
            {
                outlines.Add(new OpmlOutline(scope.Title, $"{feeds.Base}/feeds/{FeedDocumentStore.HeadName(scope.Path, formatter)}", feeds.Base + "/", formatter.FileName, scope.Language));
            }
        }

        return documents.WriteAsync(PublishingPaths.Opml, opml.Write(feeds.Title, outlines), PublishingPaths.OpmlContentType,
            "public, max-age=300", registry.Version, skipIfSame, cancellationToken);
    }

    private ScopeIndex NewIndex(FeedScope scope) => new()
    {
        Path = scope.Path,
        Title = scope.Title,
        Language = scope.Language,
        Tag = scope.Tag,
        PageSize = options.Value.HeadSize,
        Updated = timeProvider.GetUtcNow(),
    };

    // ---- Rebuild ----

    public async Task RebuildAsync(CancellationToken cancellationToken, IProgress<RebuildProgress>? progress = null)
    {
        var started = timeProvider.GetTimestamp();
        var total = 0;
        if (progress is not null)
        {
            // A listing (metadata only) gives the total, so the reader can be shown a rate and an ETA.
            await foreach (var _ in entries.ListAsync(cancellationToken))
            {
                total++;
            }
        }

        var read = 0;
        var feeds = options.Value;
        var scopes = new Dictionary<string, (FeedScope Scope, List<Entry> Entries)>(StringComparer.Ordinal)
        {
            [""] = (FeedScope.Site(feeds.Title), []),
        };
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var full in entries.ReadAllAsync(cancellationToken))
        {
            var entry = Slim(full);
            versions[entry.Id] = FeedRevision.Of(entry);
            progress?.Report(new RebuildProgress("reading entries", ++read, Math.Max(total, read)));
            foreach (var scope in FeedScopes.For(full, feeds))
            {
                if (!scopes.TryGetValue(scope.Path, out var bucket))
                {
                    bucket = (scope, []);
                    scopes[scope.Path] = bucket;
                }

                bucket.Entries.Add(entry);
            }
        }

        // Registry and OPML first: the scope indexes written below say they are registered.
        var oldRegistry = await store.GetJsonAsync<ScopeRegistry>(Containers.Publishing, PublishingPaths.Registry, Json, cancellationToken);
        var registry = new ScopeRegistry { Version = (oldRegistry?.Value.Version ?? 0) + 1, Scopes = [.. scopes.Values.Select(b => new RegisteredScope(b.Scope.Path, b.Scope.Title, b.Scope.Language, b.Scope.Tag)).OrderBy(s => s.Path, StringComparer.Ordinal)] };
        await store.PutAsync(Containers.Publishing, PublishingPaths.Registry, Content(registry).Content, Content(registry).Options, cancellationToken);
        await WriteOpmlAsync(registry, skipIfSame: true, cancellationToken);

        var writtenFeeds = new HashSet<string>(StringComparer.Ordinal) { PublishingPaths.Opml };
        var writtenState = new HashSet<string>(StringComparer.Ordinal) { PublishingPaths.Registry };
        var placements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var gate = new Lock();
        var scopesDone = 0;
        await Parallel.ForEachAsync(scopes.Values, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            var (names, state, placed) = await RebuildScopeAsync(bucket.Scope, bucket.Entries, ct);
            lock (gate)
            {
                writtenFeeds.UnionWith(names);
                writtenState.UnionWith(state);
                foreach (var (id, page) in placed)
                {
                    if (!placements.TryGetValue(id, out var pages))
                    {
                        pages = new Dictionary<string, int>(StringComparer.Ordinal);
                        placements[id] = pages;
                    }

                    pages[bucket.Scope.Path] = page;
                }

                progress?.Report(new RebuildProgress("writing feeds", ++scopesDone, scopes.Count));
            }
        });

        var locatorsDone = 0;
        await Parallel.ForEachAsync(placements, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            var locator = new EntryLocator { Version = versions[pair.Key], Pages = pair.Value };
            await store.PutAsync(Containers.Publishing, PublishingPaths.Locator(pair.Key), Content(locator).Content, Content(locator).Options, ct);
            progress?.Report(new RebuildProgress("writing entry locators", Interlocked.Increment(ref locatorsDone), placements.Count));
        });
        foreach (var id in placements.Keys)
        {
            writtenState.Add(PublishingPaths.Locator(id));
        }


        var deleted = await DeleteStaleAsync(Containers.Feeds, writtenFeeds, cancellationToken) + await DeleteStaleAsync(Containers.Publishing, writtenState, cancellationToken);
        var seconds = timeProvider.GetElapsedTime(started).TotalSeconds;
        LogRebuilt(logger, versions.Count, scopes.Count, deleted, seconds);
    }

    private async Task<(List<string> Feeds, List<string> State, List<(string Id, int Page)> Placed)> RebuildScopeAsync(FeedScope scope, List<Entry> scopeEntries, CancellationToken cancellationToken)
    {
        scopeEntries.Sort(FeedOrder.NewestFirst);
        var (old, _) = await ReadIndexAsync(scope.Path, cancellationToken);
        var pageSize = options.Value.HeadSize;
        var seq = (old?.Value.Seq ?? 0) + 1;
        var head = scopeEntries.Take(pageSize).ToList();
        var oldestFirst = scopeEntries.Skip(pageSize).Reverse().ToList();
        var fullPages = oldestFirst.Count / pageSize;
        var index = new ScopeIndex
        {
            Path = scope.Path,
            Title = scope.Title,
            Language = scope.Language,
            Tag = scope.Tag,
            Seq = seq,
            PageSize = pageSize,
            Registered = true,
            ArchivedCount = oldestFirst.Count,
            Updated = head.Count > 0 ? head.Max(e => e.Updated) : timeProvider.GetUtcNow(),
            Head = head,
            Open = [.. oldestFirst.Skip(fullPages * pageSize).Reverse()],
        };

        var feedsWritten = new List<string>();
        var stateWritten = new List<string> { PublishingPaths.Index(scope.Path) };
        var placed = head.Select(e => (e.Id, 0)).ToList();
        for (var number = 1; number <= fullPages; number++)
        {
            var page = new ArchivePageData { Number = number, Version = seq, Entries = [.. oldestFirst.Skip((number - 1) * pageSize).Take(pageSize).Reverse()] };
            var dataName = PublishingPaths.PageData(scope.Path, number);
            await store.PutAsync(Containers.Publishing, dataName, Content(page).Content, Content(page).Options, cancellationToken);
            stateWritten.Add(dataName);
            feedsWritten.AddRange(await documents.WriteSealedPageAsync(index, page, skipIfSame: true, cancellationToken));
            placed.AddRange(page.Entries.Select(e => (e.Id, number)));
        }

        if (index.HasArchive)
        {
            feedsWritten.AddRange(await documents.WriteOpenPageAsync(index, seq, skipIfSame: true, cancellationToken));
            placed.AddRange(index.Open.Select(e => (e.Id, index.OpenPage)));
        }

        feedsWritten.AddRange(await documents.WriteHeadAsync(index, seq, skipIfSame: true, cancellationToken));
        await store.PutJsonAsync(Containers.Publishing, PublishingPaths.Index(scope.Path), index, Json, null, false, cancellationToken);
        return (feedsWritten, stateWritten, placed);
    }

    private async Task<int> DeleteStaleAsync(string container, HashSet<string> keep, CancellationToken cancellationToken)
    {
        var stale = new List<string>();
        await foreach (var blob in store.ListAsync(container, "", cancellationToken))
        {
            if (!keep.Contains(blob.Name))
            {
                stale.Add(blob.Name);
            }
        }

        foreach (var name in stale)
        {
            await store.DeleteAsync(container, name, null, cancellationToken);
        }

        return stale.Count;
    }

    // ---- helpers ----

    /// <summary>Feeds never show the plain-text body; dropping it halves the index and page blobs.</summary>
    private static Entry Slim(Entry entry) => entry with { Text = "" };

    private static BlobContent Content<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, Json), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" });

    private static int IndexOf(List<Entry> list, string id) => list.FindIndex(e => e.Id == id);

    private static bool Holds(ScopeIndex index, string id) =>
        IndexOf(index.Head, id) >= 0 || IndexOf(index.Open, id) >= 0 || index.Pending.Any(p => IndexOf(p.Entries, id) >= 0);

    private static void InsertSorted(List<Entry> list, Entry entry)
    {
        var at = list.BinarySearch(entry, Comparer<Entry>.Create(FeedOrder.NewestFirst));
        list.Insert(at < 0 ? ~at : at, entry);
    }

    private static Task ForEachAsync<T>(IEnumerable<T> source, Func<T, CancellationToken, ValueTask> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(source, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, body);

    /// <summary>An entry named by the batch as it is now (null: deleted) and where it was last published.</summary>
    private sealed record EntryState(string Id, Entry? Entry, string? ETag, EntryLocator? Locator);

    /// <summary>One scope's share of a batch: what to change, and what the change did (placements, written pages).</summary>
    private sealed class ScopeBatch(string path)
    {
        public string Path { get; } = path;

        /// <summary>Known when an entry is published into the scope (a new index needs its title); null for removals only.</summary>
        public FeedScope? Scope { get; set; }

        public List<(Entry Entry, int KnownPage)> Upserts { get; } = [];
        public List<(string Id, int KnownPage)> Removals { get; } = [];

        public HashSet<string> InBatch { get; private set; } = [];

        /// <summary>Entry id → page (0 = head) for every entry this batch placed or moved in the scope.</summary>
        public Dictionary<string, int> Placements { get; } = new(StringComparer.Ordinal);

        /// <summary>The index needs a commit.</summary>
        public bool Mutated { get; set; }

        /// <summary>An entry of the batch was in place already: a retry, so documents are checked, not trusted.</summary>
        public bool Suspect { get; set; }

        /// <summary>
        /// The scope's registration (registry and <c>index.opml</c>) is checked after this batch's documents: the batch
        /// created the scope, or may be finishing a publish a crash interrupted.
        /// </summary>
        public bool CheckRegistration
        {
            get => field || Suspect;
            set;
        }

        public ScopeIndex? Index { get; set; }
        public bool HeadChanged { get; set; }
        public List<(int Number, long Version)> Flushed { get; } = [];

        public void Start(HashSet<string> inBatch)
        {
            InBatch = inBatch;
            Placements.Clear();
            Mutated = false;
            Suspect = false;
            CheckRegistration = false;
        }

        public void Place(string id, int page) => Placements[id] = page;

        /// <summary>Replaces an entry with its new version; the same version again changes nothing.</summary>
        public bool Replace(List<Entry> list, int at, Entry entry)
        {
            if (FeedRevision.Of(list[at]) == FeedRevision.Of(entry))
            {
                Suspect = true;
                return false;
            }

            list[at] = entry;
            list.Sort(FeedOrder.NewestFirst);
            Mutated = true;
            return true;
        }
    }

    private readonly record struct IndexSnapshot(List<(string Id, string Version)> Head, List<(string Id, string Version)> Open, int OpenPage, bool HasArchive);

    private static IndexSnapshot Snapshot(ScopeIndex index) =>
        new([.. index.Head.Select(e => (e.Id, FeedRevision.Of(e)))], [.. index.Open.Select(e => (e.Id, FeedRevision.Of(e)))], index.OpenPage, index.HasArchive);

    private static bool SameEntries(List<(string Id, string Version)> before, List<Entry> after) =>
        before.Count == after.Count && before.Zip(after).All(p => p.First.Id == p.Second.Id && p.First.Version == FeedRevision.Of(p.Second));

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Feed index {Scope} changed under us (attempt {Attempt}); retrying")]
    private static partial void LogConflict(ILogger logger, string scope, int attempt);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Archive page {Page} of feed scope '{Scope}' sealed")]
    private static partial void LogSealed(ILogger logger, string scope, int page);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Entry {EntryId} not on page {Page} of scope '{Scope}' as its locator said; scanning the archive")]
    private static partial void LogLocatorMiss(ILogger logger, string entryId, string scope, int page);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Entry {EntryId} removed from every feed")]
    private static partial void LogRemoved(ILogger logger, string entryId);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "{Count} entries were stored anew while publishing round {Round} ran; publishing them again")]
    private static partial void LogRepublish(ILogger logger, int count, int round);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Rebuilt feeds from {Entries} entries in {Scopes} scopes ({Deleted} stale blobs deleted) in {Seconds:F1} s")]
    private static partial void LogRebuilt(ILogger logger, int entries, int scopes, int deleted, double seconds);
}
