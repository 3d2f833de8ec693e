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
        var before = folders.Select(FileSystemPaths.Flushes).ToList();

        await _store.PutAsync("journal", "a/b/c.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" }, Ct);

        var unflushed = folders.Where((folder, i) => FileSystemPaths.Flushes(folder) <= before[i]).ToList();
        Assert.True(unflushed.Count == 0, $"Not flushed after creating journal/a/b/c.json: {string.Join(", ", unflushed)}");
    }

    [Fact]
    public async Task Delete_BlobWithSidecar_FlushesBothFolders()
    {
        // A data folder written by an earlier release: the metadata sits in a sidecar.
        var (folder, meta) = WriteOldLayout("entries", "e1.json", "v1");
        var (blobFlushes, metaFlushes) = (FileSystemPaths.Flushes(folder), FileSystemPaths.Flushes(meta));

        Assert.True(await _store.DeleteAsync("entries", "e1.json", null, Ct));

        Assert.True(FileSystemPaths.Flushes(folder) > blobFlushes, "The deletion of entries/e1.json was not flushed");
        Assert.True(FileSystemPaths.Flushes(meta) > metaFlushes, "The deletion of its sidecar was not flushed");
        Assert.False(File.Exists(Path.Combine(meta, "e1.json.json")));
        Assert.Null(await _store.GetAsync("entries", "e1.json", Ct));
    }

    [Fact]
    public async Task Put_ManyAtOnce_ShareOneGroupCommitAndAllLand()
    {
        Assert.True(GroupCommit.Enabled, "These tests run on Linux, where the folder store commits writes in groups with syncfs(2)");
        var folder = Path.Combine(_store.Root, "feeds", "tags", "group");
        await _store.PutAsync("feeds", "tags/group/seed.xml", Encoding.UTF8.GetBytes("<seed/>"), null, Ct);
        var before = FileSystemPaths.Flushes(folder);

        Task<string>[] writes;
        using (GroupCommit.Hold())
        {
            writes = [.. Enumerable.Range(0, 20).Select(i => _store.PutAsync("feeds", $"tags/group/{i}.xml", Encoding.UTF8.GetBytes($"<feed n=\"{i}\"/>"), null, Ct))];
            await Task.Delay(50, Ct);
            Assert.DoesNotContain(writes, w => w.IsCompleted); // nothing returns before its group is durable
            Assert.False(File.Exists(Path.Combine(folder, "0.xml")), "A name appeared before its content was flushed");
        }

        await Task.WhenAll(writes);
        Assert.Equal(1, FileSystemPaths.Flushes(folder) - before);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"<feed n=\"{i}\"/>", Encoding.UTF8.GetString((await _store.GetAsync("feeds", $"tags/group/{i}.xml", Ct))!.Content.Span));
        }

        Assert.Empty(Directory.EnumerateFiles(folder, "*" + FileSystemPaths.TempSuffix, new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task Put_OneRenameFailsInAGroup_OnlyThatWriteFailsAndItsTempFileGoes()
    {
        var folder = Path.Combine(_store.Root, "entries");
        Directory.CreateDirectory(folder);
        Task<string> good, bad;
        using (GroupCommit.Hold())
        {
            good = _store.PutAsync("entries", "good.json", Encoding.UTF8.GetBytes("{}"), null, Ct);
            bad = _store.PutAsync("entries", "bad.json", Encoding.UTF8.GetBytes("{}"), null, Ct);
            // While both wait for their commit, a folder (not empty) takes the second name: its rename must fail.
            Directory.CreateDirectory(Path.Combine(folder, "bad.json", "inside"));
        }

        await good;
        await Assert.ThrowsAnyAsync<IOException>(() => bad);
        Assert.NotNull(await _store.GetAsync("entries", "good.json", Ct));
        Assert.Empty(Directory.EnumerateFiles(folder, "*" + FileSystemPaths.TempSuffix, new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task PutAndDelete_WhereSyncfsIsRefused_FlushFileByFileAndStillLand()
    {
        var folder = Path.Combine(_store.Root, "publishing", "solo");
        using (GroupCommit.WithoutSyncfs())
        {
            Assert.False(GroupCommit.Enabled);
            await _store.PutAsync("publishing", "solo/a.json", Encoding.UTF8.GetBytes("{\"a\":1}"), null, Ct);
            var before = FileSystemPaths.Flushes(folder);
            await _store.PutAsync("publishing", "solo/a.json", Encoding.UTF8.GetBytes("{\"a\":2}"), null, Ct);
            Assert.True(FileSystemPaths.Flushes(folder) > before, "The rename was not flushed");

            before = FileSystemPaths.Flushes(folder);
            Assert.True(await _store.DeleteAsync("publishing", "solo/a.json", null, Ct));
            Assert.True(FileSystemPaths.Flushes(folder) > before, "The deletion was not flushed");
        }

        Assert.True(GroupCommit.Enabled);
        Assert.Null(await _store.GetAsync("publishing", "solo/a.json", Ct));
        Assert.Empty(Directory.EnumerateFiles(folder, "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task Put_BlobWithMetadata_MetadataInTheBlobsOwnFileNoSidecar()
    {
        Assert.True(ExtendedAttributes.Supported, "These tests run on Linux, where the folder store keeps metadata in an extended attribute");
        var options = new BlobWriteOptions { ContentType = "application/atom+xml; charset=utf-8", CacheControl = "public, max-age=60", Metadata = new Dictionary<string, string> { ["version"] = "v1" } };
        var etag = await _store.PutAsync("feeds", "atom.xml", Encoding.UTF8.GetBytes("<feed/>"), options, Ct);

        Assert.False(Directory.Exists(Path.Combine(_store.Root, "feeds", ".meta")), "Content type, cache control and metadata should travel in the file itself, not a sidecar");
        var read = await _store.GetAsync("feeds", "atom.xml", Ct);
        var listed = await _store.ListAsync("feeds", "", Ct).SingleAsync();
        foreach (var properties in new[] { read!.Properties, (await _store.GetPropertiesAsync("feeds", "atom.xml", Ct))!, listed })
        {
            Assert.Equal(("application/atom+xml; charset=utf-8", "public, max-age=60", "v1", etag), (properties.ContentType, properties.CacheControl, properties.Metadata["version"], properties.ETag));
        }
    }

    [Fact]
    public async Task Put_OverBlobWithSidecar_NewMetadataWinsAndSidecarGoes()
    {
        var (_, meta) = WriteOldLayout("entries", "e2.json", "v1");
        Assert.Equal("v1", (await _store.GetPropertiesAsync("entries", "e2.json", Ct))?.Metadata["version"]);

        await _store.PutAsync("entries", "e2.json", Encoding.UTF8.GetBytes("{\"v\":2}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8", Metadata = new Dictionary<string, string> { ["version"] = "v2" } }, Ct);

        Assert.False(File.Exists(Path.Combine(meta, "e2.json.json")), "The old sidecar should be removed once the new metadata is in place");
        var read = await _store.GetAsync("entries", "e2.json", Ct);
        Assert.Equal(("v2", "{\"v\":2}"), (read?.Properties.Metadata["version"], Encoding.UTF8.GetString(read!.Content.Span)));

        await _store.PutAsync("entries", "e2.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" }, Ct);
        Assert.Empty((await _store.GetPropertiesAsync("entries", "e2.json", Ct))!.Metadata);
    }

    [Fact]
    public async Task Put_JsonStateBlob_NoSidecar()
    {
        await _store.PutAsync("publishing", "scopes.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8" }, Ct);

        Assert.False(Directory.Exists(Path.Combine(_store.Root, "publishing", ".meta")), "UTF-8 JSON is what the name implies; it needs no sidecar");
        Assert.Equal("application/json; charset=utf-8", (await _store.GetPropertiesAsync("publishing", "scopes.json", Ct))?.ContentType);
    }

    [Fact]
    public async Task Put_MetadataLargerThanAnyAttribute_KeptInASidecarAndReadBack()
    {
        // Linux refuses extended attribute values over 64 KiB on every file system: the store falls back to a sidecar.
        var large = new string('x', 70_000);
        await _store.PutAsync("entries", "big.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8", Metadata = new Dictionary<string, string> { ["source"] = large } }, Ct);

        Assert.True(File.Exists(Path.Combine(_store.Root, "entries", ".meta", "big.json.json")), "Metadata an attribute cannot hold should sit in a sidecar");
        Assert.Equal(large, (await _store.GetAsync("entries", "big.json", Ct))?.Properties.Metadata["source"]);

        await _store.PutAsync("entries", "big.json", Encoding.UTF8.GetBytes("{}"), new BlobWriteOptions { ContentType = "application/json; charset=utf-8", Metadata = new Dictionary<string, string> { ["source"] = "small" } }, Ct);
        Assert.False(File.Exists(Path.Combine(_store.Root, "entries", ".meta", "big.json.json")), "Once the metadata fits an attribute, the sidecar should go");
        Assert.Equal("small", (await _store.GetPropertiesAsync("entries", "big.json", Ct))?.Metadata["source"]);
    }

    /// <summary>A blob and its sidecar as a release before extended attributes wrote them; returns the container folder and the sidecar folder.</summary>
    private (string Folder, string Meta) WriteOldLayout(string container, string name, string version)
    {
        var folder = Path.Combine(_store.Root, container);
        var meta = Path.Combine(folder, ".meta");
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(folder, name), "{}");
        File.WriteAllText(Path.Combine(meta, name + ".json"), $$$"""{"ContentType":"application/json; charset=utf-8","CacheControl":null,"Metadata":{"version":"{{{version}}}"}}""");
        return (folder, meta);
    }

    public void Dispose() => _folder.Dispose();
}
