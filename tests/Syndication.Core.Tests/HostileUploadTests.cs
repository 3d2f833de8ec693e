using System.Text;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

/// <summary>Odd uploads are each quarantined or reported by name, and never stop the pass for the others.</summary>
public sealed class HostileUploadTests : IDisposable
{
    private readonly CorePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<PipelineRunResult> RunOnceAsync() => _pipeline.Get<PipelineRunner>().RunOnceAsync(Ct);

    private async Task<Dictionary<string, QuarantineRecord>> QuarantinedAsync()
    {
        var records = new Dictionary<string, QuarantineRecord>(StringComparer.Ordinal);
        await foreach (var record in _pipeline.Get<QuarantineStore>().ListAsync(Ct))
        {
            records[record.Source] = record;
        }

        return records;
    }

    [Fact]
    public async Task RunOnceAsync_UploadNamedLikeAnotherUploadsRecord_BothKeepTheirOwnRecord()
    {
        await _pipeline.UploadAsync("foo.html", "no title at all");
        await _pipeline.UploadAsync("foo.html.error.json", "{\"not\": \"a record\"}");
        await _pipeline.UploadAsync("good.html", "<title>Good</title>");

        await RunOnceAsync();
        await _pipeline.UploadAsync("foo.html", "still no title"); // edited: quarantined again, not a crash

        var second = await RunOnceAsync();
        var records = await QuarantinedAsync();

        Assert.Equal("No article found: the page has no title.", records["foo.html"].Reason);
        Assert.Equal("No article found: the page has no title.", records["foo.html.error.json"].Reason);
        Assert.Equal(IngestStatus.Quarantined, Assert.Single(second.Reconcile.Results).Status);
        Assert.Equal(EntryIds.FromArticleName("good.html"), await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
    }

    [Fact]
    public async Task RunOnceAsync_EmptyUpload_QuarantinedAsEmptyWithoutCopy()
    {
        await _pipeline.Store.PutAsync(Containers.Articles, "empty.html", ReadOnlyMemory<byte>.Empty, null, Ct);

        var result = await RunOnceAsync();

        Assert.Equal("The file is empty (0 bytes).", Assert.Single(result.Reconcile.Results).Reason);
        Assert.False((await QuarantinedAsync())["empty.html"].Copied);
    }

    [Fact]
    public async Task RunOnceAsync_NameTheFolderStoreCannotHold_ReportedByNameAndOthersPublished()
    {
        var folder = Path.Combine(_pipeline.Root, Containers.Articles);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "x\\y.html"), "<title>Backslash</title>");
        await _pipeline.UploadAsync("good.html", "<title>Good</title>");

        var first = await RunOnceAsync();
        var second = await RunOnceAsync();

        var odd = first.Reconcile.Results.Single(r => r.ArticleName == "x\\y.html");
        Assert.Equal(IngestStatus.Quarantined, odd.Status);
        Assert.Contains("backslash", odd.Reason, StringComparison.Ordinal);
        Assert.Contains("x\\y.html", (await QuarantinedAsync()).Keys);
        Assert.Equal(EntryIds.FromArticleName("good.html"), await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
        Assert.Empty(second.Reconcile.Results); // reported once, not on every pass
        var status = await _pipeline.Get<Operations.ArticleStatusQuery>().RecentAsync(10, Ct);
        Assert.Equal(Operations.ArticleState.Quarantined, status.Single(s => s.ArticleName == "x\\y.html").State);
    }

    [Fact]
    public async Task RunOnceAndIngest_PipeAndLinksInTheArticlesFolder_EachQuarantinedByNameWithoutBeingRead()
    {
        var folder = Path.Combine(_pipeline.Root, Containers.Articles);
        Directory.CreateDirectory(folder);
        MakePipe(Path.Combine(folder, "pipe.html")); // reading it would block until someone writes: the worker stalled
        File.CreateSymbolicLink(Path.Combine(folder, "loop.html"), "loop.html");
        File.CreateSymbolicLink(Path.Combine(folder, "secret.html"), "/etc/hostname");
        await _pipeline.UploadAsync("good.html", "<title>Good</title>");

        // Off the test thread: before the fix, this blocked in open(2) on the pipe for ever.
        var run = Task.Run(RunOnceAsync);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))));
        var results = (await run).Reconcile.Results.ToDictionary(r => r.ArticleName);
        var direct = await Task.Run(() => _pipeline.Get<IngestHandler>().HandleAsync("pipe.html", Ct)); // the event path too

        Assert.Contains("named pipe", results["pipe.html"].Reason, StringComparison.Ordinal);
        Assert.Contains("symbolic link", results["loop.html"].Reason, StringComparison.Ordinal);
        Assert.Contains("symbolic link (to /etc/hostname)", results["secret.html"].Reason, StringComparison.Ordinal);
        Assert.All(new[] { "pipe.html", "loop.html", "secret.html" }, name => Assert.Equal(IngestStatus.Quarantined, results[name].Status));
        Assert.Equal(IngestStatus.Quarantined, direct.Status);
        Assert.Equal(["loop.html", "pipe.html", "secret.html"], (await QuarantinedAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(EntryIds.FromArticleName("good.html"), await _pipeline.ReadAsync(Containers.Feeds, "ids.txt"));
    }

    private static void MakePipe(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public async Task ListAsync_RecordOfEarlierLayoutWithGarbage_ListedWithReadableReasonNotThrown()
    {
        // What an upload named "bar.html.error.json" did to bar.html's record in the earlier layout.
        await _pipeline.Store.PutAsync(Containers.Quarantine, "bar.html.error.json", Encoding.UTF8.GetBytes("<html>not json"), null, Ct);
        await _pipeline.Store.PutJsonAsync(Containers.Quarantine, "old.html.error.json",
            new QuarantineRecord("old.html", "No article found.", "abc", _pipeline.Time.GetUtcNow(), 12), StoredJson.Options, null, false, Ct);

        var records = await QuarantinedAsync();

        Assert.Contains("cannot be read", records["bar.html"].Reason, StringComparison.Ordinal);
        Assert.Equal("No article found.", records["old.html"].Reason);
        Assert.Equal("No article found.", (await _pipeline.Get<QuarantineStore>().GetAsync("old.html", Ct))!.Reason);
    }
}
