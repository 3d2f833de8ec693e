using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Storage.Azure;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary>The port contract on Azure Storage, against Azurite. Time is real: the service counts whole seconds.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureStorageContractTests : StorageContractTests
{
    public AzureStorageContractTests(AzuriteFixture azurite)
    {
        var (blobs, queues) = DependencyInjection.CreateClients(new AzureStorageOptions { ConnectionString = azurite.ConnectionString });
        Blobs = new AzureBlobStore(blobs);
        Queue = new AzureWorkQueue(queues);
    }

    protected override IBlobStore Blobs { get; }

    protected override IWorkQueue Queue { get; }

    protected override TimeSpan Tick => TimeSpan.FromSeconds(1);

    // A little more than asked: Azurite checks visibility against its own clock with second resolution.
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time + TimeSpan.FromMilliseconds(300));
}
