using System.Text;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Storage.Tests;

/// <summary>
/// The contract of the blob-store and work-queue ports. Every adapter runs this same suite through a subclass that
/// says how to build it and how to let time pass (a fake clock for the folder, real seconds for Azure).
/// </summary>
public abstract class StorageContractTests
{
    private static readonly byte[] Hello = "hello"u8.ToArray();

    protected abstract IBlobStore Blobs { get; }

    protected abstract IWorkQueue Queue { get; }

    /// <summary>The smallest visibility timeout or delay the adapter honours exactly (Azure counts whole seconds).</summary>
    protected abstract TimeSpan Tick { get; }

    /// <summary>Lets <paramref name="time"/> pass for the adapter.</summary>
    protected abstract Task PassAsync(TimeSpan time);

    /// <summary>A container no other test uses (valid in Azure: lower-case letters and digits).</summary>
    protected string Container { get; } = "t" + Guid.NewGuid().ToString("N")[..20];

    protected string QueueName { get; } = "q" + Guid.NewGuid().ToString("N")[..20];

    protected static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Get_MissingBlob_ReturnsNull()
    {
        Assert.Null(await Blobs.GetAsync(Container, "missing.txt", Ct));
        Assert.Null(await Blobs.GetPropertiesAsync(Container, "missing.txt", Ct));
    }

    [Fact]
    public async Task Put_NewBlob_GetReturnsContentAndSameETag()
    {
        var etag = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);

        var blob = await Blobs.GetAsync(Container, "a.txt", Ct);
        Assert.NotNull(blob);
        Assert.Equal("hello", Encoding.UTF8.GetString(blob.Content.Span));
        Assert.Equal(etag, blob.Properties.ETag);
        Assert.Equal(5, blob.Properties.Length);
        Assert.Equal(Container, blob.Properties.Container);
        Assert.Equal("a.txt", blob.Properties.Name);
        Assert.False(string.IsNullOrWhiteSpace(etag));
        Assert.Equal(etag, (await Blobs.GetPropertiesAsync(Container, "a.txt", Ct))?.ETag);
    }

    [Fact]
    public async Task GetAndRead_Sha256PrefixWhenGiven_IsThatOfTheContentRead()
    {
        // Ingest takes an upload's version from it when the store gives it; it must then be exactly EntryIds.VersionOf.
        await Blobs.PutAsync(Container, "v.html", Hello, null, Ct);
        await Blobs.PutAsync(Container, "v.html", "hello, again"u8.ToArray(), null, Ct);

        foreach (var blob in new[] { await Blobs.GetAsync(Container, "v.html", Ct), await Blobs.ReadAsync(Container, "v.html", 1 << 20, Ct) })
        {
            Assert.NotNull(blob);
            Assert.True(blob.Sha256Prefix is null || blob.Sha256Prefix == Syndication.Core.Entries.EntryIds.VersionOf(blob.Content.Span), $"Sha256Prefix {blob.Sha256Prefix} is not the hash of the content read");
            Assert.True(blob.Sha256Prefix is not null || !GivesSha256Prefix, "This store hashes what it reads and should say so");
        }
    }

    /// <summary>Whether this adapter computes the content hash while reading (the folder store does, for its ETags).</summary>
    protected virtual bool GivesSha256Prefix => false;

    [Fact]
    public async Task Put_WithCurrentETag_OverwritesAndChangesETag()
    {
        var first = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);

        var second = await Blobs.PutAsync(Container, "a.txt", "world"u8.ToArray(), new BlobWriteOptions { IfMatch = first }, Ct);

        Assert.NotEqual(first, second);
        var blob = await Blobs.GetAsync(Container, "a.txt", Ct);
        Assert.Equal("world", Encoding.UTF8.GetString(blob!.Content.Span));
        Assert.Equal(second, blob.Properties.ETag);
    }

    [Fact]
    public async Task Put_WithStaleETag_ThrowsConflictAndKeepsNewerContent()
    {
        var stale = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);
        await Blobs.PutAsync(Container, "a.txt", "newer"u8.ToArray(), new BlobWriteOptions { IfMatch = stale }, Ct);

        await Assert.ThrowsAsync<BlobConflictException>(() =>
            Blobs.PutAsync(Container, "a.txt", "lost update"u8.ToArray(), new BlobWriteOptions { IfMatch = stale }, Ct));

        var blob = await Blobs.GetAsync(Container, "a.txt", Ct);
        Assert.Equal("newer", Encoding.UTF8.GetString(blob!.Content.Span));
    }

    [Fact]
    public async Task Put_IfMatchOnMissingBlob_ThrowsConflict()
    {
        var etag = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);
        await Blobs.DeleteAsync(Container, "a.txt", null, Ct);

        await Assert.ThrowsAsync<BlobConflictException>(() =>
            Blobs.PutAsync(Container, "a.txt", Hello, new BlobWriteOptions { IfMatch = etag }, Ct));
        Assert.Null(await Blobs.GetAsync(Container, "a.txt", Ct));
    }

    [Fact]
    public async Task Put_CreateOnlyOnMissingBlob_Creates()
    {
        var etag = await Blobs.PutAsync(Container, "new.txt", Hello, new BlobWriteOptions { CreateOnly = true }, Ct);

        Assert.Equal(etag, (await Blobs.GetAsync(Container, "new.txt", Ct))?.Properties.ETag);
    }

    [Fact]
    public async Task Put_CreateOnlyOnExistingBlob_ThrowsConflictAndKeepsContent()
    {
        await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);

        await Assert.ThrowsAsync<BlobConflictException>(() =>
            Blobs.PutAsync(Container, "a.txt", "second"u8.ToArray(), new BlobWriteOptions { CreateOnly = true }, Ct));

        var blob = await Blobs.GetAsync(Container, "a.txt", Ct);
        Assert.Equal("hello", Encoding.UTF8.GetString(blob!.Content.Span));
    }

    [Fact]
    public async Task Put_ContentTypeCacheControlAndMetadata_RoundTripThroughGetPropertiesAndList()
    {
        var options = new BlobWriteOptions
        {
            ContentType = "application/rss+xml; charset=utf-8",
            CacheControl = "public, max-age=60",
            Metadata = new Dictionary<string, string> { ["sourceetag"] = "0x8DC1", ["version"] = "abc123" },
        };

        await Blobs.PutAsync(Container, "feeds/rss.xml", "<rss/>"u8.ToArray(), options, Ct);

        var fromGet = (await Blobs.GetAsync(Container, "feeds/rss.xml", Ct))!.Properties;
        var fromProperties = (await Blobs.GetPropertiesAsync(Container, "feeds/rss.xml", Ct))!;
        var fromList = await SingleListed("feeds/");
        foreach (var (how, properties) in new[] { ("get", fromGet), ("properties", fromProperties), ("list", fromList) })
        {
            Assert.True(options.ContentType == properties.ContentType, $"{how}: content type {properties.ContentType}");
            Assert.True(options.CacheControl == properties.CacheControl, $"{how}: cache control {properties.CacheControl}");
            Assert.True(properties.Metadata.TryGetValue("sourceetag", out var source) && source == "0x8DC1", $"{how}: metadata {string.Join(",", properties.Metadata)}");
            Assert.True(properties.Metadata.TryGetValue("version", out var version) && version == "abc123", $"{how}: metadata {string.Join(",", properties.Metadata)}");
            Assert.Equal(6, properties.Length);
        }
    }

    [Fact]
    public async Task Put_WithoutMetadata_ReplacesEarlierHeadersAndMetadata()
    {
        await Blobs.PutAsync(Container, "a.json", "{}"u8.ToArray(), new BlobWriteOptions
        {
            ContentType = "application/json",
            Metadata = new Dictionary<string, string> { ["old"] = "1" },
        }, Ct);

        await Blobs.PutAsync(Container, "a.json", "[]"u8.ToArray(), new BlobWriteOptions { ContentType = "text/plain" }, Ct);

        var properties = (await Blobs.GetPropertiesAsync(Container, "a.json", Ct))!;
        Assert.Equal("text/plain", properties.ContentType);
        Assert.Empty(properties.Metadata);
    }

    [Fact]
    public async Task List_ByPrefix_ReturnsOnlyMatchingNamesInOrdinalOrder()
    {
        foreach (var name in new[] { "b/2", "a/2", "a/B", "a/10", "ab", "a/1", "a/x/deep.txt" })
        {
            await Blobs.PutAsync(Container, name, Encoding.UTF8.GetBytes(name), null, Ct);
        }

        var listed = await Names("a/");

        Assert.Equal(["a/1", "a/10", "a/2", "a/B", "a/x/deep.txt"], listed);
        Assert.Equal(["a/1", "a/10", "a/2", "a/B", "a/x/deep.txt", "ab", "b/2"], await Names(""));
        Assert.Empty(await Names("zzz"));
    }

    [Fact]
    public async Task ContainerExists_BeforeAndAfterFirstWrite_TellsMissingFromEmpty()
    {
        Assert.False(await Blobs.ContainerExistsAsync(Container, Ct));

        await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);
        await Blobs.DeleteAsync(Container, "a.txt", null, Ct);

        // Empty now, but it exists: a listing with nothing in it is not a missing container.
        Assert.True(await Blobs.ContainerExistsAsync(Container, Ct));
        await foreach (var _ in Blobs.ListAsync(Container, "", Ct))
        {
            Assert.Fail("the container should be empty");
        }
    }

    [Fact]
    public async Task Read_WithinBound_ReturnsContentAndETagAndBeyondBoundRefusesUnread()
    {
        var etag = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);

        var read = await Blobs.ReadAsync(Container, "a.txt", 5, Ct);
        var refused = await Assert.ThrowsAsync<BlobTooLargeException>(() => Blobs.ReadAsync(Container, "a.txt", 4, Ct));

        Assert.Equal("hello", Encoding.UTF8.GetString(read!.Content.Span));
        Assert.Equal(etag, read.Properties.ETag);
        Assert.Equal(5, refused.Length);
        Assert.Equal(4, refused.Limit);
        Assert.Null(await Blobs.ReadAsync(Container, "missing.txt", 10, Ct));
    }

    [Fact]
    public async Task List_UnknownContainer_ReturnsNothing()
    {
        Assert.Empty(await Names(""));
    }

    [Fact]
    public async Task List_ReportsSameETagAndLengthAsGet()
    {
        var etag = await Blobs.PutAsync(Container, "x.txt", Hello, null, Ct);

        var listed = await SingleListed("x");

        Assert.Equal(etag, listed.ETag);
        Assert.Equal(5, listed.Length);
    }

    [Fact]
    public async Task Delete_ExistingBlob_RemovesItAndReturnsTrueOnce()
    {
        await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);

        Assert.True(await Blobs.DeleteAsync(Container, "a.txt", null, Ct));
        Assert.Null(await Blobs.GetAsync(Container, "a.txt", Ct));
        Assert.Empty(await Names(""));
        Assert.False(await Blobs.DeleteAsync(Container, "a.txt", null, Ct));
    }

    [Fact]
    public async Task Delete_WithStaleETag_ThrowsConflictAndKeepsBlob()
    {
        var stale = await Blobs.PutAsync(Container, "a.txt", Hello, null, Ct);
        var current = await Blobs.PutAsync(Container, "a.txt", "newer"u8.ToArray(), null, Ct);

        await Assert.ThrowsAsync<BlobConflictException>(() => Blobs.DeleteAsync(Container, "a.txt", stale, Ct));
        Assert.NotNull(await Blobs.GetAsync(Container, "a.txt", Ct));

        Assert.True(await Blobs.DeleteAsync(Container, "a.txt", current, Ct));
    }

    [Theory]
    [InlineData("статьи/Главная новость.html")]
    [InlineData("мақалалар/Қазақ тілі — жаңалық.html")]
    [InlineData("news/café & crème (2024) #1.html")]
    public async Task Put_NonAsciiName_GetsAndListsUnderTheSameName(string name)
    {
        var etag = await Blobs.PutAsync(Container, name, Hello, new BlobWriteOptions { ContentType = "text/html" }, Ct);

        var blob = await Blobs.GetAsync(Container, name, Ct);
        Assert.True(blob is not null, $"'{name}' was written but cannot be read back");
        Assert.Equal(etag, blob.Properties.ETag);
        var prefix = name[..name.IndexOf('/', StringComparison.Ordinal)];
        Assert.Equal([name], await Names(prefix));
        Assert.True(await Blobs.DeleteAsync(Container, name, etag, Ct), $"'{name}' could not be deleted");
    }

    [Fact]
    public async Task Receive_SentMessage_ReturnsBodyWithDequeueCountOneAndCompleteRemovesIt()
    {
        const string body = """{"entry":"статья-1","note":"Қазақ"}""";
        await Queue.SendAsync(QueueName, body, TimeSpan.Zero, Ct);

        var received = Assert.Single(await Queue.ReceiveAsync(QueueName, 10, Tick * 5, Ct));

        Assert.Equal(body, received.Body);
        Assert.Equal(QueueName, received.Queue);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(await Queue.CompleteAsync(received, Ct));
        Assert.Equal(0, await Queue.CountAsync(QueueName, Ct));
        await PassAsync(Tick * 6);
        Assert.Empty(await Queue.ReceiveAsync(QueueName, 10, Tick, Ct));
    }

    [Fact]
    public async Task Receive_MessageNotCompleted_ReappearsAfterVisibilityTimeoutWithHigherDequeueCount()
    {
        await Queue.SendAsync(QueueName, "work", TimeSpan.Zero, Ct);
        var first = Assert.Single(await Queue.ReceiveAsync(QueueName, 1, Tick * 2, Ct));

        Assert.Empty(await Queue.ReceiveAsync(QueueName, 1, Tick * 2, Ct));
        await PassAsync(Tick * 3);
        var second = Assert.Single(await Queue.ReceiveAsync(QueueName, 1, Tick * 2, Ct));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("work", second.Body);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.Receipt, second.Receipt);
    }

    [Fact]
    public async Task Send_WithDelay_StaysInvisibleUntilDue()
    {
        await Queue.SendAsync(QueueName, "later", Tick * 3, Ct);

        Assert.Empty(await Queue.ReceiveAsync(QueueName, 1, Tick, Ct));
        await PassAsync(Tick);
        Assert.Empty(await Queue.ReceiveAsync(QueueName, 1, Tick, Ct));
        Assert.Equal(1, await Queue.CountAsync(QueueName, Ct));
        await PassAsync(Tick * 3);

        var received = Assert.Single(await Queue.ReceiveAsync(QueueName, 1, Tick, Ct));
        Assert.Equal("later", received.Body);
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task Complete_WithStaleReceipt_ReturnsFalseAndKeepsMessage()
    {
        await Queue.SendAsync(QueueName, "work", TimeSpan.Zero, Ct);
        var first = Assert.Single(await Queue.ReceiveAsync(QueueName, 1, Tick, Ct));
        await PassAsync(Tick * 2);
        var second = Assert.Single(await Queue.ReceiveAsync(QueueName, 1, Tick * 5, Ct));

        Assert.False(await Queue.CompleteAsync(first, Ct));
        Assert.Equal(1, await Queue.CountAsync(QueueName, Ct));
        Assert.True(await Queue.CompleteAsync(second, Ct));
        Assert.Equal(0, await Queue.CountAsync(QueueName, Ct));
    }

    [Fact]
    public async Task Receive_MaxMessages_ReturnsAtMostThatManyAndCountIncludesHidden()
    {
        for (var i = 0; i < 5; i++)
        {
            await Queue.SendAsync(QueueName, $"m{i}", TimeSpan.Zero, Ct);
        }

        var batch = await Queue.ReceiveAsync(QueueName, 3, Tick * 5, Ct);
        var rest = await Queue.ReceiveAsync(QueueName, 32, Tick * 5, Ct);

        Assert.Equal(3, batch.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(5, batch.Concat(rest).Select(m => m.Body).Distinct().Count());
        Assert.Equal(5, await Queue.CountAsync(QueueName, Ct));
    }

    [Fact]
    public async Task Receive_UnknownQueue_ReturnsNothingAndCountIsZero()
    {
        Assert.Empty(await Queue.ReceiveAsync(QueueName, 1, Tick, Ct));
        Assert.Equal(0, await Queue.CountAsync(QueueName, Ct));
    }

    private async Task<List<string>> Names(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.ListAsync(Container, prefix, Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<BlobProperties> SingleListed(string prefix)
    {
        var listed = new List<BlobProperties>();
        await foreach (var blob in Blobs.ListAsync(Container, prefix, Ct))
        {
            listed.Add(blob);
        }

        return Assert.Single(listed);
    }
}
