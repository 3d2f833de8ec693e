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

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
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
