using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>
/// When the folder store may answer with a content hash it took before instead of reading the file again: only while
/// the file's length and mtime are those it hashed, and only if the file was older than one tick of its file system's
/// clock when it was hashed, so a same-length rewrite in that tick cannot hide behind the same mtime.
/// </summary>
public sealed class FileSystemETagReuseTests : IDisposable
{
    private readonly TempFolder _folder = new("etag-reuse");

    [Theory]
    [InlineData(4321, 99, false)] // nanosecond stamps (ext4, tmpfs, NTFS): ten clock ticks are 100 ms
    [InlineData(4321, 100, true)]
    [InlineData(4321, 1_500, true)]
    [InlineData(4321, -5, false)] // a future mtime (a skewed clock) is never settled
    [InlineData(0, 100, false)] // whole milliseconds or seconds (FAT, ext3, HFS+, a copied stamp): two seconds
    [InlineData(0, 1_999, false)]
    [InlineData(0, 2_000, true)]
    public void IsSettled_SubMillisecondDigitsOrNot_WaitsOneTickOfThatClock(long ticksPastTheMillisecond, int ageMilliseconds, bool settled)
    {
        var modified = new DateTime(2026, 12, 1, 10, 0, 0, 123, DateTimeKind.Utc).AddTicks(ticksPastTheMillisecond);

        Assert.Equal(settled, FileSystemBlobStore.IsSettled(modified, modified.AddMilliseconds(ageMilliseconds)));
    }

    /// <summary>
    /// A file uploaded half a second before a pass is hashed once by the listing; the ingest's later property reads reuse
    /// that hash (shown here by a same-length rewrite that keeps the mtime, which only a full read notices).
    /// </summary>
    [Fact]
    public async Task GetProperties_NanosecondMtimeHalfASecondOldWhenListed_ReusesTheListingsHash()
    {
        var store = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder.Path }, TimeProvider.System);
        var stamp = WholeMilliseconds(DateTime.UtcNow.AddMilliseconds(-500)).AddTicks(4320);
        var path = Write("fresh.html", "<p>first</p>", stamp);
        var listed = Assert.Single(await store.ListAsync(Containers.Articles, "", CancellationToken.None).ToListAsync());

        Write("fresh.html", "<p>other</p>", stamp);

        var properties = await store.GetPropertiesAsync(Containers.Articles, "fresh.html", CancellationToken.None);
        var read = await store.GetAsync(Containers.Articles, "fresh.html", CancellationToken.None);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        Assert.Equal(listed.ETag, properties!.ETag);
        Assert.NotEqual(listed.ETag, read!.Properties.ETag);
        Assert.Equal("<p>other</p>"u8.ToArray(), read.Content.ToArray());
    }

    /// <summary>On a file system with whole-second stamps, a file modified less than two seconds before is hashed again.</summary>
    [Fact]
    public async Task GetProperties_WholeSecondMtimeOfThisSecondWhenListed_HashesAgain()
    {
        var store = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder.Path }, TimeProvider.System);
        var now = DateTime.UtcNow;
        var stamp = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        Write("coarse.html", "<p>first</p>", stamp);
        var listed = Assert.Single(await store.ListAsync(Containers.Articles, "", CancellationToken.None).ToListAsync());

        Write("coarse.html", "<p>other</p>", stamp);

        var properties = await store.GetPropertiesAsync(Containers.Articles, "coarse.html", CancellationToken.None);
        Assert.NotEqual(listed.ETag, properties!.ETag);
        Assert.Equal((await store.GetAsync(Containers.Articles, "coarse.html", CancellationToken.None))!.Properties.ETag, properties.ETag);
    }

    /// <summary>Hashing ahead of the caller keeps the listing's name order, whatever finishes first.</summary>
    [Fact]
    public async Task List_ManyFilesOfMixedSizes_InNameOrderEachWithItsOwnHash()
    {
        var store = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder.Path }, TimeProvider.System);
        var written = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var name = $"{(i * 37) % 60:D2}-page.html";
            var content = new string('x', (i % 7) * 40_000 + 1) + name;
            Write(name, content, DateTime.UtcNow);
            written[name] = content;
        }

        var listed = await store.ListAsync(Containers.Articles, "", CancellationToken.None).ToListAsync();

        Assert.Equal(written.Keys, listed.Select(p => p.Name));
        foreach (var properties in listed)
        {
            var read = await store.GetAsync(Containers.Articles, properties.Name, CancellationToken.None);
            Assert.Equal(read!.Properties.ETag, properties.ETag);
            Assert.Equal(written[properties.Name].Length, properties.Length);
        }
    }

    private string Write(string name, string content, DateTime stamp)
    {
        var path = Path.Combine(_folder.Path, Containers.Articles, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
        {
            // In place, as an editor's tool rewrites a file: same inode, same length.
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
        }

        File.SetLastWriteTimeUtc(path, stamp);
        return path;
    }

    private static DateTime WholeMilliseconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMillisecond));

    public void Dispose() => _folder.Dispose();
}
