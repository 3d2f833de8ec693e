using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Storage.Azure;

/// <summary>Registers the Azure Storage blob store and work queue.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Uses a connection string (<c>UseDevelopmentStorage=true</c>, Azurite, an account key) or, in Azure, service
    /// URIs with <see cref="DefaultAzureCredential"/> (the Function App's managed identity).
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (blobs, queues) = CreateClients(options);
        services.AddSingleton(blobs);
        services.AddSingleton(queues);
        services.AddSingleton<IBlobStore>(new AzureBlobStore(blobs));
        services.AddSingleton<IWorkQueue>(new AzureWorkQueue(queues));
        return services;
    }

    /// <summary>Builds the two service clients; throws <see cref="ArgumentException"/> naming what is missing.</summary>
    public static (BlobServiceClient Blobs, QueueServiceClient Queues) CreateClients(AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var blobOptions = new BlobClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        ConfigureRetry(blobOptions.Retry);
        ConfigureRetry(queueOptions.Retry);

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                return (new BlobServiceClient(options.ConnectionString, blobOptions), new QueueServiceClient(options.ConnectionString, queueOptions));
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"The storage connection string is not valid: {ex.Message}", nameof(options), ex);
            }
        }

        if (options.BlobServiceUri is null)
        {
            throw new ArgumentException("Set Storage:ConnectionString, or Storage:BlobServiceUri (and Storage:QueueServiceUri) for managed identity.", nameof(options));
        }

        var queueUri = options.QueueServiceUri ?? QueueUriFromBlobUri(options.BlobServiceUri);
        TokenCredential credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
        return (new BlobServiceClient(options.BlobServiceUri, credential, blobOptions), new QueueServiceClient(queueUri, credential, queueOptions));
    }

    /// <summary><c>https://acct.blob.core.windows.net</c> → <c>https://acct.queue.core.windows.net</c>.</summary>
    private static Uri QueueUriFromBlobUri(Uri blobUri)
    {
        var host = blobUri.Host;
        var dot = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (dot < 0)
        {
            throw new ArgumentException($"Cannot derive the queue endpoint from {blobUri}; set Storage:QueueServiceUri.");
        }

        return new UriBuilder(blobUri) { Host = string.Concat(host.AsSpan(0, dot), ".queue.", host.AsSpan(dot + ".blob.".Length)) }.Uri;
    }

    private static void ConfigureRetry(RetryOptions retry)
    {
        // Fail within seconds when the account is unreachable (a user error locally); transient faults still retry.
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(5);
        retry.NetworkTimeout = TimeSpan.FromSeconds(100);
    }
}

/// <summary>How to reach the storage account.</summary>
public sealed class AzureStorageOptions
{
    /// <summary>Connection string; when empty, <see cref="BlobServiceUri"/> and <see cref="QueueServiceUri"/> with managed identity.</summary>
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue endpoint; derived from <see cref="BlobServiceUri"/> when not set.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned identity; empty = the system-assigned identity (or developer sign-in).</summary>
    public string? ManagedIdentityClientId { get; set; }
}
