using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;
using Syndication.Core.Reconcile;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

/// <summary>64-bit entry ids for new articles; entries made with the older 32-bit ids keep theirs.</summary>
public sealed class EntryIdResolverTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public void FromArticleName_ThousandsOfIndexPagesInFolders_NoCollision()
    {
        var ids = Enumerable.Range(0, 50_000).Select(i => EntryIds.FromArticleName($"{i / 100}/{i % 100}/index.html")).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids.Take(5), id => Assert.Matches("^index-[0-9a-f]{16}$", id));
    }

    /// <summary>Moves an entry to the id an older release gave it, as a store made before the upgrade holds it.</summary>
    private async Task<string> MakeLegacyAsync(string articleName, string newId)
    {
        var legacy = EntryIds.LegacyFromArticleName(articleName);
        var blob = (await _pipeline.Store.GetAsync(Containers.Entries, EntryRepository.BlobName(newId), CancellationToken.None))!;
        var entry = JsonSerializer.Deserialize<Entry>(blob.Content.Span, StoredJson.Options)! with { Id = legacy, Url = $"https://think.example/articles/{legacy}" };
        await _pipeline.Store.PutAsync(Containers.Entries, EntryRepository.BlobName(legacy), JsonSerializer.SerializeToUtf8Bytes(entry, StoredJson.Options),
            new BlobWriteOptions { ContentType = "application/json", Metadata = blob.Properties.Metadata }, CancellationToken.None);
        await _pipeline.Store.DeleteAsync(Containers.Entries, EntryRepository.BlobName(newId), null, CancellationToken.None);
        return legacy;
    }

    [Fact]
    public async Task Ingest_EntryMadeWithLegacyId_UpdateKeepsLegacyIdAndReconcileDeletesNothing()
    {
        await _pipeline.UploadAsync("2023/index.html", "<title>Old</title>");
        var ingest = _pipeline.Get<IngestHandler>();
        var first = await ingest.HandleAsync("2023/index.html", CancellationToken.None);
        Assert.Matches("^index-[0-9a-f]{16}$", first.EntryId);
        var legacy = await MakeLegacyAsync("2023/index.html", first.EntryId!);

        await _pipeline.UploadAsync("2023/index.html", "<title>Old, corrected</title>");
        var update = await ingest.HandleAsync("2023/index.html", CancellationToken.None);
        await _pipeline.UploadAsync("2024/index.html", "<title>New</title>");
        var reconcile = await _pipeline.Get<ReconcileHandler>().HandleAsync(CancellationToken.None);
        var status = await _pipeline.Get<ArticleStatusQuery>().GetAsync("2023/index.html", CancellationToken.None);

        Assert.Equal(IngestStatus.Updated, update.Status);
        Assert.Equal(legacy, update.EntryId);
        Assert.Equal(0, reconcile.Deleted);
        var stored = new List<string>();
        await foreach (var listing in _pipeline.Get<EntryRepository>().ListAsync(CancellationToken.None))
        {
            stored.Add(listing.Id);
        }

        Assert.Equal([legacy, EntryIds.FromArticleName("2024/index.html")], stored.Order(StringComparer.Ordinal));
        Assert.Equal("Old, corrected", (await _pipeline.Get<EntryRepository>().GetAsync(legacy, CancellationToken.None))!.Title);
        Assert.Equal(ArticleState.Published, status!.State);
        Assert.Equal(legacy, status.Entry!.Id);

        // One of two entries is more than Reconcile:MaxDeleteFraction: confirmed, as an operator would.
        await _pipeline.Store.DeleteAsync(Containers.Articles, "2023/index.html", null, CancellationToken.None);
        Assert.Equal(1, (await _pipeline.Get<ReconcileHandler>().HandleAsync(CancellationToken.None, allowMassDelete: true)).Deleted);
        Assert.Null(await _pipeline.Get<EntryRepository>().GetAsync(legacy, CancellationToken.None));
    }
}
