using Syndication.Core.Entries;
using Syndication.Core.Pipeline;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

public sealed class ReconcileAndPublishTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    private Task<PipelineRunResult> RunOnceAsync() => _pipeline.Get<PipelineRunner>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task RunOnceAsync_PendingArticles_IngestsAllAndPublishesNewestFirst()
    {
        await _pipeline.UploadAsync("one.html", "<title>One</title>");
        _pipeline.Time.Advance(TimeSpan.FromMinutes(1));
        await _pipeline.UploadAsync("two.html", "<title>Two</title>");

        await _pipeline.Get<PipelineRunner>().RunOnceAsync(CancellationToken.None);

        // The tiny extractor finds no date, so ingest time orders them: "one" was ingested first but both at
        // the same fake instant; order then falls back to id, which is stable.
        var ids = (await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"))!.Split('\n');
        Assert.Equal(2, ids.Length);
        Assert.Contains(EntryIds.FromArticleName("one.html"), ids);
        Assert.Contains(EntryIds.FromArticleName("two.html"), ids);
    }

    [Fact]
    public async Task RunOnceAsync_SecondRunWithNothingNew_IngestsNothing()
    {
        await _pipeline.UploadAsync("one.html", "<title>One</title>");
        await RunOnceAsync();

        var second = await RunOnceAsync();

        Assert.Empty(second.Reconcile.Results);
        Assert.Equal(0, second.MessagesHandled.Values.Sum());
    }

    [Fact]
    public async Task RunOnceAsync_ArticleDeleted_RemovesEntryAndFeedItem()
    {
        await _pipeline.UploadAsync("keep.html", "<title>Keep</title>");
        await _pipeline.UploadAsync("drop.html", "<title>Drop</title>");
        await RunOnceAsync();

        await _pipeline.Store.DeleteAsync(Containers.Articles, "drop.html", null, CancellationToken.None);
        var result = await RunOnceAsync();

        Assert.Equal(1, result.Reconcile.Deleted);
        Assert.Null(await _pipeline.Get<EntryRepository>().GetAsync(EntryIds.FromArticleName("drop.html"), CancellationToken.None));
        Assert.Equal(EntryIds.FromArticleName("keep.html"), await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
    }

    [Fact]
    public async Task RunOnceAsync_QuarantinedArticleUnchanged_IsNotRetriedEveryPass()
    {
        await _pipeline.UploadAsync("bad.html", "no title here");
        var first = await RunOnceAsync();
        var second = await RunOnceAsync();

        Assert.Single(first.Reconcile.Results);
        Assert.Empty(second.Reconcile.Results);
    }

    [Fact]
    public async Task RunOnceAsync_LanguageAndTag_WritesScopedFeedsAndOpml()
    {
        await _pipeline.UploadAsync("kk.html", "<title>Жаңалық</title><meta name=\"lang\" content=\"kk\">");
        await RunOnceAsync();

        var id = EntryIds.FromArticleName("kk.html");
        Assert.Equal(id, await _pipeline.ReadAsync(Containers.Feeds, "kk/ids.txt"));
        Assert.Equal(id, await _pipeline.ReadAsync(Containers.Feeds, "tags/tag-kk/ids.txt"));
        var opml = await _pipeline.ReadAsync(Containers.Feeds, "index.opml");
        Assert.Contains("https://think.example/feeds/kk/ids.txt", opml, StringComparison.Ordinal);
        Assert.Contains("https://think.example/feeds/tags/tag-kk/ids.txt", opml, StringComparison.Ordinal);
    }
}
