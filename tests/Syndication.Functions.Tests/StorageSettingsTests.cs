using Microsoft.Extensions.Configuration;
using Syndication.Hosting;

namespace Syndication.Functions.Tests;

/// <summary>The pipeline's store follows the trigger connection unless Storage:* says otherwise.</summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public void WithStorageFromTriggerConnection_ConnectionString_UsedByTheStore()
    {
        var storage = Map(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", storage.ConnectionString);
        Assert.True(storage.UsesAzure);
    }

    [Fact]
    public void WithStorageFromTriggerConnection_ManagedIdentityAccountName_GivesServiceUris()
    {
        var storage = Map(new() { ["AzureWebJobsStorage:accountName"] = "stsyndication", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        Assert.Null(storage.ConnectionString);
        Assert.Equal(new Uri("https://stsyndication.blob.core.windows.net"), storage.BlobServiceUri);
        Assert.Equal(new Uri("https://stsyndication.queue.core.windows.net"), storage.QueueServiceUri);
    }

    [Fact]
    public void WithStorageFromTriggerConnection_ServiceUris_Passed()
    {
        var storage = Map(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.usgovcloudapi.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.usgovcloudapi.net",
        });

        Assert.Equal(new Uri("https://acct.blob.core.usgovcloudapi.net"), storage.BlobServiceUri);
        Assert.Equal(new Uri("https://acct.queue.core.usgovcloudapi.net"), storage.QueueServiceUri);
    }

    [Fact]
    public void WithStorageFromTriggerConnection_ExplicitStorageSection_Wins()
    {
        var storage = Map(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=data" });

        Assert.Equal("DefaultEndpointsProtocol=https;AccountName=data", storage.ConnectionString);
    }

    [Fact]
    public void WithStorageFromTriggerConnection_NothingConfigured_ThrowsNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Map([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    private static StorageOptions Map(Dictionary<string, string?> settings)
    {
        var configuration = DependencyInjection.WithStorageFromTriggerConnection(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
    }
}
