using Microsoft.Extensions.DependencyInjection;

namespace Syndication.Storage.Azure;

/// <summary>Registers the Azure Storage blob store and work queue.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Uses a connection string (<c>UseDevelopmentStorage=true</c>, Azurite, an account key) or, in Azure, service
    /// URIs with managed identity.
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        throw new NotSupportedException("The Azure Storage adapter is not built yet.");
    }
}

/// <summary>How to reach the storage account.</summary>
public sealed class AzureStorageOptions
{
    /// <summary>Connection string; when empty, <see cref="BlobServiceUri"/> and <see cref="QueueServiceUri"/> with managed identity.</summary>
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }
}
