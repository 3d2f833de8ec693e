using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>The port contract on the embedded folder store, with a fake clock.</summary>
public sealed class FileSystemStorageContractTests : StorageContractTests, IDisposable
{
    private readonly TempFolder _folder = new("storage-contract");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FileSystemWorkQueue _queue;

    public FileSystemStorageContractTests()
    {
        var options = new FileSystemStorageOptions { Root = _folder.Path };
        Blobs = new FileSystemBlobStore(options, _time);
        _queue = new FileSystemWorkQueue(options, _time);
    }

    protected override IBlobStore Blobs { get; }

    protected override IWorkQueue Queue => _queue;

    protected override TimeSpan Tick => TimeSpan.FromMinutes(1);

    protected override bool GivesSha256Prefix => true;

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads reuse the content hash a listing (or an earlier read) took while the file's length and mtime stay the same;
    /// a file rewritten by hand with content of the same length must still read with its own ETag, in every path.
    /// </summary>
    [Fact]
    public async Task GetReadAndProperties_FileRewrittenByHandWithSameLength_EachGivesTheNewContentsETag()
    {
        var path = Path.Combine(_folder.Path, "articles", "same-length.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "<p>first</p>");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1)); // settled: its hash may be reused while it stays so
        var listed = Assert.Single(await Blobs.ListAsync("articles", "", CancellationToken.None).ToListAsync());
        var first = await Blobs.GetAsync("articles", "same-length.html", CancellationToken.None);
        Assert.Equal(listed.ETag, first!.Properties.ETag);

        await File.WriteAllTextAsync(path, "<p>other</p>"); // in place: same file, same length, a new mtime

        var properties = await Blobs.GetPropertiesAsync("articles", "same-length.html", CancellationToken.None);
        var read = await Blobs.ReadAsync("articles", "same-length.html", 1024, CancellationToken.None);
        var got = await Blobs.GetAsync("articles", "same-length.html", CancellationToken.None);
        Assert.NotEqual(first.Properties.ETag, got!.Properties.ETag);
        Assert.Equal("<p>other</p>"u8.ToArray(), got.Content.ToArray());
        Assert.Equal(got.Properties.ETag, read!.Properties.ETag);
        Assert.Equal(got.Properties.ETag, properties!.ETag);

        // A fresh store (another process) hashes the file itself and agrees.
        var fresh = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder.Path }, _time);
        Assert.Equal(got.Properties.ETag, (await fresh.GetAsync("articles", "same-length.html", CancellationToken.None))!.Properties.ETag);
    }

    [Fact]
    public async Task Put_NameOfTheMostBytesAFileSystemAllows_StoredListedAndRead()
    {
        var name = "folder/" + new string('ж', 122) + ".html"; // 249 bytes: with its temp file and sidecar beside it

        await Blobs.PutAsync("articles", name, "<p>long</p>"u8.ToArray(), new BlobWriteOptions { ContentType = "text/html" }, CancellationToken.None);

        Assert.Equal("<p>long</p>"u8.ToArray(), (await Blobs.GetAsync("articles", name, CancellationToken.None))!.Content.ToArray());
        var listed = Assert.Single(await Blobs.ListAsync("articles", "", CancellationToken.None).ToListAsync());
        Assert.Equal(name, listed.Name);
        Assert.Null(listed.Unusable);
    }

    [Fact]
    public async Task ListAndPut_NameLongerThanTheStoreHolds_ListedAsUnusableAndPutRefusedWithTheReason()
    {
        var name = new string('c', 251);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "articles"));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "articles", name), "<p>put there by a file share</p>");

        var listed = Assert.Single(await Blobs.ListAsync("articles", "", CancellationToken.None).ToListAsync());
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Blobs.PutAsync("articles", name, "x"u8.ToArray(), new BlobWriteOptions(), CancellationToken.None));

        Assert.Equal(name, listed.Name);
        Assert.Contains("at most 250 bytes", listed.Unusable, StringComparison.Ordinal);
        Assert.Contains("at most 250 bytes", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _queue.Dispose();
        _folder.Dispose();
    }
}
