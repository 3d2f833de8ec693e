using Syndication.Core.Entries;
using Syndication.Core.Pipeline;
using Syndication.Core.Reconcile;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

public sealed class MassDeleteGuardTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<PipelineRunResult> RunOnceAsync(bool allowMassDelete = false) =>
        _pipeline.Get<PipelineRunner>().RunOnceAsync(Ct, allowMassDelete: allowMassDelete);

    private async Task PublishAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await _pipeline.UploadAsync($"a{i}.html", $"<title>Article {i}</title>");
        }

        await RunOnceAsync();
    }

    private async Task<int> EntryCountAsync()
    {
        var count = 0;
        await foreach (var _ in _pipeline.Get<EntryRepository>().ListAsync(Ct))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task RunOnceAsync_ArticlesFolderMissing_DeletesNothingAndRecordsRefusal()
    {
        await PublishAsync(3);
        Directory.Move(Path.Combine(_pipeline.Root, Containers.Articles), Path.Combine(_pipeline.Root, "articles-renamed"));

        var result = await RunOnceAsync();

        Assert.Equal(0, result.Reconcile.Deleted);
        Assert.NotNull(result.Reconcile.Refusal);
        Assert.Contains("articles container (folder) is missing", result.Reconcile.Refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(3, await EntryCountAsync());
        Assert.Equal(3, (await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"))!.Split('\n').Length);
        var stored = await _pipeline.Get<MassDeleteGuard>().GetRefusalAsync(Ct);
        Assert.Equal(3, stored!.Disappearing);
        Assert.Contains("a1.html", stored.Examples);
    }

    [Fact]
    public async Task RunOnceAsync_EmptyListing_DeletesNothing()
    {
        await PublishAsync(2);
        foreach (var name in new[] { "a1.html", "a2.html" })
        {
            await _pipeline.Store.DeleteAsync(Containers.Articles, name, null, Ct);
        }

        var result = await RunOnceAsync();

        Assert.Contains("listing is empty", result.Reconcile.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, await EntryCountAsync());
    }

    [Fact]
    public async Task RunOnceAsync_MoreThanFractionGone_RefusedThenConfirmedDeletesAndClearsRefusal()
    {
        await PublishAsync(10);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await _pipeline.Store.DeleteAsync(Containers.Articles, $"a{i}.html", null, Ct);
        }

        var refused = await RunOnceAsync();
        var confirmed = await RunOnceAsync(allowMassDelete: true);

        Assert.Contains("3 of 10 entries (30%)", refused.Reconcile.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, refused.Reconcile.Deleted);
        Assert.Null(confirmed.Reconcile.Refusal);
        Assert.Equal(3, confirmed.Reconcile.Deleted);
        Assert.Equal(7, await EntryCountAsync());
        var live = Enumerable.Range(4, 7).Select(i => EntryIds.FromArticleName($"a{i}.html")).ToHashSet();
        var feed = (await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"))!.Split('\n');
        Assert.All(feed, id => Assert.Contains(id, live));
        Assert.Null(await _pipeline.Get<MassDeleteGuard>().GetRefusalAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_OneOfThreeGone_SingleDeletionPropagates()
    {
        await PublishAsync(3);
        await _pipeline.Store.DeleteAsync(Containers.Articles, "a2.html", null, Ct);

        var result = await RunOnceAsync();

        Assert.Null(result.Reconcile.Refusal);
        Assert.Equal(1, result.Reconcile.Deleted);
        Assert.Equal(2, await EntryCountAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ArticlesBackAfterRefusal_ClearsRefusalWithoutDeleting()
    {
        await PublishAsync(2);
        var articles = Path.Combine(_pipeline.Root, Containers.Articles);
        Directory.Move(articles, articles + "-away");
        await RunOnceAsync();
        Directory.Move(articles + "-away", articles);

        var result = await RunOnceAsync();

        Assert.Null(result.Reconcile.Refusal);
        Assert.Null(await _pipeline.Get<MassDeleteGuard>().GetRefusalAsync(Ct));
        Assert.Equal(2, await EntryCountAsync());
    }
}
