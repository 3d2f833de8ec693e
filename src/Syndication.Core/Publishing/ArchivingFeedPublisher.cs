using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Storage;

namespace Syndication.Core.Publishing;

/// <summary>
/// Publishes with a cost independent of the archive size. Per scope a small index blob (head entries, the open
/// archive page, the archived count) is the commit point, written with If-Match and retried on conflict; after a
/// commit only the head documents and at most one archive page are rewritten. Full archive pages (RFC 5005) are
/// sealed into their own data blob and never change again except when an old article is edited or removed, which
/// a per-entry locator blob finds without scanning.
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
    private static readonly JsonSerializerOptions Json = PublishingPaths.Json;

    public async Task PublishAsync(IReadOnlyList<PublishMessage> changes, CancellationToken cancellationToken)
    {
        var changedScopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in changes.Select(c => c.EntryId).Distinct(StringComparer.Ordinal))
        {
            await SyncEntryAsync(id, changedScopes, cancellationToken);
        }

        if (changedScopes.Count > 0)
        {
            var urls = changedScopes.Order(StringComparer.Ordinal).SelectMany(documents.HeadUrls).ToList();
            foreach (var notifier in notifiers)
            {
                await notifier.FeedsChangedAsync(urls, cancellationToken);
            }
        }
    }

    /// <summary>Brings every scope in line with the entry's current state (present, changed, or gone).</summary>
    private async Task SyncEntryAsync(string id, HashSet<string> changedScopes, CancellationToken cancellationToken)
    {
        var entry = await entries.GetAsync(id, cancellationToken);
        var locator = (await store.GetJsonAsync<EntryLocator>(Containers.Publishing, PublishingPaths.Locator(id), Json, cancellationToken))?.Value;
        if (entry is not null && locator?.Version == entry.Version)
        {
            return; // this version is published already (the locator is written last)
        }

        if (entry is null && locator is null)
        {
            return;
        }

        var feedEntry = entry is null ? null : Slim(entry);
        var targets = entry is null ? [] : FeedScopes.For(entry, options.Value).ToList();
        var targetPaths = targets.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, page) in locator?.Pages ?? [])
        {
            if (!targetPaths.Contains(path))
            {
                await RemoveAsync(path, id, page, changedScopes, cancellationToken);
            }
        }

        var placements = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var scope in targets)
        {
            var known = locator is not null && locator.Pages.TryGetValue(scope.Path, out var p) ? p : -1;
            placements[scope.Path] = await UpsertAsync(scope, feedEntry!, known, changedScopes, cancellationToken);
        }

        if (entry is null)
        {
            await store.DeleteAsync(Containers.Publishing, PublishingPaths.Locator(id), null, cancellationToken);
            LogRemoved(logger, id);
            return;
        }

        await store.UpdateAsync(Containers.Publishing, PublishingPaths.Locator(id), current =>
        {
            var existing = current is null ? null : JsonSerializer.Deserialize<EntryLocator>(current.Content.Span, Json);
            var next = new EntryLocator { Version = entry.Version };
            foreach (var (path, page) in placements)
            {
                // Pages only grow for an entry; a concurrent eviction may already have recorded a later page.
                next.Pages[path] = existing is not null && existing.Pages.TryGetValue(path, out var seen) ? Math.Max(seen, page) : page;
            }

            return Content(next);
        }, cancellationToken);
    }

    /// <summary>Inserts or replaces the entry in one scope; returns its page (0 = head).</summary>
    private async Task<int> UpsertAsync(FeedScope scope, Entry entry, int knownPage, HashSet<string> changedScopes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (index, etag) = await ReadIndexAsync(scope, cancellationToken);
            var before = Snapshot(index);
            var evictions = new List<(string Id, int Page)>();
            int placement;
            if (IndexOf(index.Head, entry.Id) is var h and >= 0)
            {
                index.Head[h] = entry;
                index.Head.Sort(FeedOrder.NewestFirst);
                placement = 0;
            }
            else if (IndexOf(index.Open, entry.Id) is var o and >= 0)
            {
                index.Open[o] = entry;
                index.Open.Sort(FeedOrder.NewestFirst);
                placement = index.OpenPage;
            }
            else if (index.Pending.FirstOrDefault(p => IndexOf(p.Entries, entry.Id) >= 0) is { } pending)
            {
                pending.Entries[IndexOf(pending.Entries, entry.Id)] = entry;
                pending.Entries.Sort(FeedOrder.NewestFirst);
                pending.Version = index.Seq + 1;
                placement = pending.Number;
            }
            else if (await FindSealedPageAsync(index, entry.Id, knownPage, cancellationToken) is { } sealedPage)
            {
                await ReplaceInSealedPageAsync(index, sealedPage, entry.Id, entry, cancellationToken);
                return sealedPage;
            }
            else
            {
                placement = Insert(index, entry, evictions);
            }

            if (await TryCommitAsync(index, etag, attempt, cancellationToken) is not { } committed)
            {
                continue;
            }

            await AfterCommitAsync(committed, before, changedScopes, cancellationToken);
            foreach (var (evictedId, page) in evictions)
            {
                await RecordPageAsync(evictedId, scope.Path, page, cancellationToken);
            }

            if (etag is null)
            {
                await RegisterScopeAsync(committed, cancellationToken);
            }

            return placement;
        }
    }

    private async Task RemoveAsync(string scopePath, string id, int knownPage, HashSet<string> changedScopes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var blob = await store.GetJsonAsync<ScopeIndex>(Containers.Publishing, PublishingPaths.Index(scopePath), Json, cancellationToken);
            if (blob is null)
            {
                return;
            }

            var (index, etag) = blob.Value;
            var before = Snapshot(index);
            (int Page, string Id)? pulledFromSealed = null;
            if (IndexOf(index.Head, id) is var h and >= 0)
            {
                index.Head.RemoveAt(h);
                pulledFromSealed = await RefillHeadAsync(index, cancellationToken);
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
            else
            {
                if (await FindSealedPageAsync(index, id, knownPage, cancellationToken) is { } sealedPage)
                {
                    await ReplaceInSealedPageAsync(index, sealedPage, id, null, cancellationToken);
                }

                return;
            }

            if (await TryCommitAsync(index, etag, attempt, cancellationToken) is { } committed)
            {
                await AfterCommitAsync(committed, before, changedScopes, cancellationToken);
                if (pulledFromSealed is { } pulled)
                {
                    // The head now shows it; take it off the sealed page (a crash before this leaves a duplicate, never a loss).
                    await ReplaceInSealedPageAsync(committed, pulled.Page, pulled.Id, null, cancellationToken);
                }

                return;
            }
        }
    }

    /// <summary>
    /// After a removal from the head, moves the newest archived entry up so the head keeps holding the newest
    /// entries: from the open page, else from the newest sealed page (returned, to be removed there after commit).
    /// </summary>
    private async Task<(int Page, string Id)?> RefillHeadAsync(ScopeIndex index, CancellationToken cancellationToken)
    {
        if (index.Open.Count > 0)
        {
            index.Head.Add(index.Open[0]);
            index.Open.RemoveAt(0);
            index.Head.Sort(FeedOrder.NewestFirst);
            return null;
        }

        if (!index.HasArchive || index.OpenPage < 2)
        {
            return null;
        }

        var newest = index.OpenPage - 1;
        if (index.Pending.FirstOrDefault(p => p.Number == newest) is { } pending)
        {
            if (pending.Entries.Count > 0)
            {
                index.Head.Add(pending.Entries[0]);
                pending.Entries.RemoveAt(0);
                pending.Version = index.Seq + 1;
                index.Head.Sort(FeedOrder.NewestFirst);
            }

            return null;
        }

        var data = await store.GetJsonAsync<ArchivePageData>(Containers.Publishing, PublishingPaths.PageData(index.Path, newest), Json, cancellationToken);
        if (data is not { } found || found.Value.Entries.Count == 0)
        {
            return null;
        }

        var pulled = found.Value.Entries[0];
        index.Head.Add(pulled);
        index.Head.Sort(FeedOrder.NewestFirst);
        return (newest, pulled.Id);
    }

    /// <summary>Puts a new entry into the head (evicting the oldest into the archive) or, if older than the whole head, into the archive.</summary>
    private static int Insert(ScopeIndex index, Entry entry, List<(string Id, int Page)> evictions)
    {
        if (index.Head.Count < index.PageSize || FeedOrder.Compare(entry, index.Head[^1]) < 0)
        {
            InsertSorted(index.Head, entry);
            if (index.Head.Count > index.PageSize)
            {
                var evicted = index.Head[^1];
                index.Head.RemoveAt(index.Head.Count - 1);
                evictions.Add((evicted.Id, Archive(index, evicted)));
            }

            return 0;
        }

        return Archive(index, entry);
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

    private async Task<ScopeIndex?> TryCommitAsync(ScopeIndex index, string? etag, int attempt, CancellationToken cancellationToken)
    {
        index.Seq++;
        index.Updated = timeProvider.GetUtcNow();
        try
        {
            await store.PutJsonAsync(Containers.Publishing, PublishingPaths.Index(index.Path), index, Json, etag, etag is null, cancellationToken);
            return index;
        }
        catch (BlobConflictException) when (attempt < MaxAttempts)
        {
            LogConflict(logger, index.Path, attempt);
            // Jitter against a thundering herd, not a schedule: real time even under a fake clock (as BlobStoreExtensions.UpdateAsync).
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken);
            return null;
        }
    }

    /// <summary>Writes what the commit changed: head documents, the open page, and any sealed page still pending.</summary>
    private async Task AfterCommitAsync(ScopeIndex index, IndexSnapshot before, HashSet<string> changedScopes, CancellationToken cancellationToken)
    {
        var openMoved = before.OpenPage != index.OpenPage || before.HasArchive != index.HasArchive;
        if (openMoved || !SameEntries(before.Head, index.Head))
        {
            await documents.WriteHeadAsync(index, index.Seq, skipIfSame: false, cancellationToken);
            changedScopes.Add(index.Path);
        }

        if (index.HasArchive && (openMoved || !SameEntries(before.Open, index.Open)))
        {
            await documents.WriteOpenPageAsync(index, index.Seq, skipIfSame: false, cancellationToken);
        }

        foreach (var pending in index.Pending.ToList())
        {
            await FlushPendingAsync(index, pending, cancellationToken);
        }
    }

    /// <summary>Writes a sealed page's data and documents, then drops it from the index's pending list.</summary>
    private async Task FlushPendingAsync(ScopeIndex index, ArchivePageData page, CancellationToken cancellationToken)
    {
        var name = PublishingPaths.PageData(index.Path, page.Number);
        await store.UpdateAsync(Containers.Publishing, name, current =>
        {
            var existing = current is null ? null : JsonSerializer.Deserialize<ArchivePageData>(current.Content.Span, Json);
            return existing is not null && existing.Version >= page.Version ? null : Content(page);
        }, cancellationToken);
        await documents.WriteSealedPageAsync(index, page, skipIfSame: false, cancellationToken);
        await store.UpdateAsync(Containers.Publishing, PublishingPaths.Index(index.Path), current =>
        {
            if (current is null)
            {
                return null;
            }

            var latest = JsonSerializer.Deserialize<ScopeIndex>(current.Content.Span, Json)!;
            var removed = latest.Pending.RemoveAll(p => p.Number == page.Number && p.Version <= page.Version);
            return removed == 0 ? null : Content(latest);
        }, cancellationToken);
        LogSealed(logger, index.Path, page.Number);
    }

    /// <summary>Edits (or, with null, removes) an entry on a sealed page: that page's data and documents only.</summary>
    private async Task ReplaceInSealedPageAsync(ScopeIndex index, int pageNumber, string id, Entry? replacement, CancellationToken cancellationToken)
    {
        ArchivePageData? written = null;
        await store.UpdateAsync(Containers.Publishing, PublishingPaths.PageData(index.Path, pageNumber), current =>
        {
            written = null;
            if (current is null)
            {
                return null;
            }

            var page = JsonSerializer.Deserialize<ArchivePageData>(current.Content.Span, Json)!;
            var at = IndexOf(page.Entries, id);
            if (at < 0)
            {
                return null;
            }

            if (replacement is null)
            {
                page.Entries.RemoveAt(at);
            }
            else
            {
                page.Entries[at] = replacement;
                page.Entries.Sort(FeedOrder.NewestFirst);
            }

            page.Version++;
            written = page;
            return Content(page);
        }, cancellationToken);
        if (written is not null)
        {
            await documents.WriteSealedPageAsync(index, written, skipIfSame: false, cancellationToken);
        }
    }

    /// <summary>
    /// The sealed page holding an entry: the locator's page when it checks out; otherwise (a crash between a commit
    /// and the locator update) a scan from the newest page down, which is slow but only heals inconsistencies.
    /// </summary>
    private async Task<int?> FindSealedPageAsync(ScopeIndex index, string id, int knownPage, CancellationToken cancellationToken)
    {
        if (!index.HasArchive || knownPage < 0)
        {
            return null;
        }

        if (knownPage > 0 && knownPage < index.OpenPage && await PageHoldsAsync(index.Path, knownPage, id, cancellationToken))
        {
            return knownPage;
        }

        LogLocatorMiss(logger, id, index.Path, knownPage);
        for (var page = index.OpenPage - 1; page >= 1; page--)
        {
            if (page != knownPage && index.Pending.All(p => p.Number != page) && await PageHoldsAsync(index.Path, page, id, cancellationToken))
            {
                return page;
            }
        }

        return null;
    }

    private async Task<bool> PageHoldsAsync(string scopePath, int page, string id, CancellationToken cancellationToken)
    {
        var data = await store.GetJsonAsync<ArchivePageData>(Containers.Publishing, PublishingPaths.PageData(scopePath, page), Json, cancellationToken);
        return data is not null && IndexOf(data.Value.Value.Entries, id) >= 0;
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

    /// <summary>A new scope joins the registry and the OPML index (the only time either changes outside a rebuild).</summary>
    private async Task RegisterScopeAsync(ScopeIndex index, CancellationToken cancellationToken)
    {
        ScopeRegistry? registry = null;
        await store.UpdateAsync(Containers.Publishing, PublishingPaths.Registry, current =>
        {
            registry = current is null ? new ScopeRegistry() : JsonSerializer.Deserialize<ScopeRegistry>(current.Content.Span, Json)!;
            if (registry.Scopes.Any(s => s.Path == index.Path))
            {
                return null;
            }

            registry.Scopes.Add(new RegisteredScope(index.Path, index.Title, index.Language, index.Tag));
            registry.Version++;
            registry.Scopes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return Content(registry);
        }, cancellationToken);

        // Re-read so a concurrent registration is never left out of the OPML written last.
        var latest = (await store.GetJsonAsync<ScopeRegistry>(Containers.Publishing, PublishingPaths.Registry, Json, cancellationToken))?.Value ?? registry;
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

    private async Task<(ScopeIndex Index, string? ETag)> ReadIndexAsync(FeedScope scope, CancellationToken cancellationToken)
    {
        var blob = await store.GetJsonAsync<ScopeIndex>(Containers.Publishing, PublishingPaths.Index(scope.Path), Json, cancellationToken);
        if (blob is { } found)
        {
            return (found.Value, found.ETag);
        }

        return (new ScopeIndex
        {
            Path = scope.Path,
            Title = scope.Title,
            Language = scope.Language,
            Tag = scope.Tag,
            PageSize = options.Value.HeadSize,
            Updated = timeProvider.GetUtcNow(),
        }, null);
    }

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
            versions[entry.Id] = entry.Version;
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

        var oldRegistry = await store.GetJsonAsync<ScopeRegistry>(Containers.Publishing, PublishingPaths.Registry, Json, cancellationToken);
        var registry = new ScopeRegistry { Version = (oldRegistry?.Value.Version ?? 0) + 1, Scopes = [.. scopes.Values.Select(b => new RegisteredScope(b.Scope.Path, b.Scope.Title, b.Scope.Language, b.Scope.Tag)).OrderBy(s => s.Path, StringComparer.Ordinal)] };
        await store.PutAsync(Containers.Publishing, PublishingPaths.Registry, Content(registry).Content, Content(registry).Options, cancellationToken);
        await WriteOpmlAsync(registry, skipIfSame: true, cancellationToken);

        var deleted = await DeleteStaleAsync(Containers.Feeds, writtenFeeds, cancellationToken) + await DeleteStaleAsync(Containers.Publishing, writtenState, cancellationToken);
        var seconds = timeProvider.GetElapsedTime(started).TotalSeconds;
        LogRebuilt(logger, versions.Count, scopes.Count, deleted, seconds);
    }

    private async Task<(List<string> Feeds, List<string> State, List<(string Id, int Page)> Placed)> RebuildScopeAsync(FeedScope scope, List<Entry> scopeEntries, CancellationToken cancellationToken)
    {
        scopeEntries.Sort(FeedOrder.NewestFirst);
        var old = await store.GetJsonAsync<ScopeIndex>(Containers.Publishing, PublishingPaths.Index(scope.Path), Json, cancellationToken);
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

    private static void InsertSorted(List<Entry> list, Entry entry)
    {
        var at = list.BinarySearch(entry, Comparer<Entry>.Create(FeedOrder.NewestFirst));
        list.Insert(at < 0 ? ~at : at, entry);
    }

    private readonly record struct IndexSnapshot(List<(string Id, string Version)> Head, List<(string Id, string Version)> Open, int OpenPage, bool HasArchive);

    private static IndexSnapshot Snapshot(ScopeIndex index) =>
        new([.. index.Head.Select(e => (e.Id, e.Version))], [.. index.Open.Select(e => (e.Id, e.Version))], index.OpenPage, index.HasArchive);

    private static bool SameEntries(List<(string Id, string Version)> before, List<Entry> after) =>
        before.Count == after.Count && before.Zip(after).All(p => p.First.Id == p.Second.Id && p.First.Version == p.Second.Version);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Feed index {Scope} changed under us (attempt {Attempt}); retrying")]
    private static partial void LogConflict(ILogger logger, string scope, int attempt);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Archive page {Page} of feed scope '{Scope}' sealed")]
    private static partial void LogSealed(ILogger logger, string scope, int page);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Entry {EntryId} not on page {Page} of scope '{Scope}' as its locator said; scanning the archive")]
    private static partial void LogLocatorMiss(ILogger logger, string entryId, string scope, int page);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Entry {EntryId} removed from every feed")]
    private static partial void LogRemoved(ILogger logger, string entryId);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Rebuilt feeds from {Entries} entries in {Scopes} scopes ({Deleted} stale blobs deleted) in {Seconds:F1} s")]
    private static partial void LogRebuilt(ILogger logger, int entries, int scopes, int deleted, double seconds);
}
