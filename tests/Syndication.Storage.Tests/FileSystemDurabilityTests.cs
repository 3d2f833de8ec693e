using System.Text;
using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>
/// The folder store makes new names, new folders and deletions durable by flushing the directories that hold them
/// (a power cut cannot be simulated here, so the tests check which directories were flushed).
/// </summary>
public sealed class FileSystemDurabilityTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempFolder _folder = new("storage-durability");
    private readonly FileSystemBlobStore _store;

    public FileSystemDurabilityTests() => _store = new FileSystemBlobStore(new FileSystemStorageOptions { Root = _folder.Path }, new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public async Task Put_IntoNewNestedFolders_FlushesTheParentOfEachNewFolder()
    {
        var container = Path.Combine(_store.Root, "journal");
        var folders = new[] { _store.Root, container, Path.Combine(container, "a"), Path.Combine(container, "a", "b") };
        var before = folders.Select(DirectorySync.Flushes).ToList();

        await _store.PutAsync("journal", "a/b/c.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" }, Ct);

        var unflushed = folders.Where((folder, i) => DirectorySync.Flushes(folder) <= before[i]).ToList();
        Assert.True(unflushed.Count == 0, $"Not flushed after creating journal/a/b/c.json: {string.Join(", ", unflushed)}");
    }

    [Fact]
    public async Task Delete_BlobWithSidecar_FlushesBothFolders()
    {
        await _store.PutAsync("entries", "e1.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8", Metadata = new Dictionary<string, string> { ["version"] = "v1" } }, Ct);
        var folder = Path.Combine(_store.Root, "entries");
        var meta = Path.Combine(folder, ".meta");
        Assert.True(File.Exists(Path.Combine(meta, "e1.json.json")), "The entry's metadata should sit in a sidecar");
        var (blobFlushes, metaFlushes) = (DirectorySync.Flushes(folder), DirectorySync.Flushes(meta));

        Assert.True(await _store.DeleteAsync("entries", "e1.json", null, Ct));

        Assert.True(DirectorySync.Flushes(folder) > blobFlushes, "The deletion of entries/e1.json was not flushed");
        Assert.True(DirectorySync.Flushes(meta) > metaFlushes, "The deletion of its sidecar was not flushed");
        Assert.False(File.Exists(Path.Combine(meta, "e1.json.json")));
        Assert.Null(await _store.GetAsync("entries", "e1.json", Ct));
    }

    [Fact]
    public async Task Put_JsonStateBlob_NoSidecar()
    {
        await _store.PutAsync("publishing", "scopes.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" }, Ct);

        Assert.False(Directory.Exists(Path.Combine(_store.Root, "publishing", ".meta")), "UTF-8 JSON is what the name implies; it needs no sidecar");
        Assert.Equal("application/json; charset=utf-8", (await _store.GetPropertiesAsync("publishing", "scopes.json", Ct))?.ContentType);
    }

    public void Dispose() => _folder.Dispose();
}
