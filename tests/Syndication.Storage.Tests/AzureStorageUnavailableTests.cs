using Syndication.Core.Storage;
using Syndication.Storage.Azure;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>An account nobody answers for gives one clear error naming the endpoint, quickly.</summary>
public sealed class AzureStorageUnavailableTests
{
    [Fact]
    public async Task Operations_NothingListening_ThrowStorageUnavailableNamingTheEndpoint()
    {
        var port = FreePorts.Take(1)[0];
        var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.AccountName};QueueEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.AccountName};";
        var (blobs, queues) = DependencyInjection.CreateClients(new AzureStorageOptions { ConnectionString = connection });
        var store = new AzureBlobStore(blobs);
        var queue = new AzureWorkQueue(queues);

        var started = DateTimeOffset.UtcNow;
        var get = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync("articles", "a.html", CancellationToken.None));
        var send = await Assert.ThrowsAsync<StorageUnavailableException>(() => queue.SendAsync("ingest", "a", TimeSpan.Zero, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", get.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", send.Message, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "Giving up on an unreachable account took too long");
    }

    [Fact]
    public void CreateClients_NothingConfigured_ThrowsNamingTheSettings()
    {
        var error = Assert.Throws<ArgumentException>(() => DependencyInjection.CreateClients(new AzureStorageOptions()));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClients_BlobUriOnly_DerivesQueueEndpoint()
    {
        var (blobs, queues) = DependencyInjection.CreateClients(new AzureStorageOptions { BlobServiceUri = new Uri("https://stnews.blob.core.windows.net") });

        Assert.Equal("stnews", blobs.AccountName);
        Assert.Equal(new Uri("https://stnews.queue.core.windows.net/"), queues.Uri);
    }
}
