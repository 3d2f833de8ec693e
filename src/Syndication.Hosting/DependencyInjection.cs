using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core;
using Syndication.Delivery;
using Syndication.Extraction;
using Syndication.Feeds;
using Syndication.Storage.Azure;
using Syndication.Storage.FileSystem;

namespace Syndication.Hosting;

/// <summary>The one composition root used by the CLI and the Function App.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndication(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.UsesAzure)
        {
            services.AddAzureStorage(new AzureStorageOptions
            {
                ConnectionString = storage.ConnectionString,
                BlobServiceUri = storage.BlobServiceUri,
                QueueServiceUri = storage.QueueServiceUri,
            });
        }
        else
        {
            services.AddFileSystemStorage(storage.DataRoot);
        }

        return services
            .AddSyndicationCore(configuration)
            .AddSyndicationExtraction(configuration)
            .AddSyndicationFeeds(configuration)
            .AddSyndicationDelivery(configuration)
            .AddSyndicationHub(configuration);
    }
}
