using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Storage;
using Syndication.Hosting;
using Syndication.Operator;

namespace Syndication.Functions;

/// <summary>The Function App's services: the shared composition root plus the trigger adapters.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSyndication(WithStorageFromTriggerConnection(configuration));

        // The built-in hub is this app's /api/hub (WEBSITE_HOSTNAME is set by App Service) unless configured.
        if (configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host)
        {
            services.PostConfigure<Core.FeedsOptions>(o => o.BuiltInHubUrl ??= new Uri($"https://{host}/api/hub"));
        }

        services.AddSingleton<QueueTriggerDispatcher>();
        services.AddSyndicationOperator();

        // One key ring for every instance: anti-forgery tokens issued by one instance are accepted by the others.
        services.AddDataProtection().SetApplicationName("syndication");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IBlobStore>((options, store) => options.XmlRepository = new BlobKeyRepository(store));
        return services;
    }

    /// <summary>
    /// The pipeline's store and the triggers use one storage account. Unless <c>Storage:*</c> is set, the store
    /// takes the trigger connection: a connection string (<c>AzureWebJobsStorage</c>), or for managed identity
    /// <c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c> or <c>__accountName</c>.
    /// </summary>
    public static IConfiguration WithStorageFromTriggerConnection(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection(StorageOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(storage[nameof(StorageOptions.ConnectionString)]) || !string.IsNullOrWhiteSpace(storage[nameof(StorageOptions.BlobServiceUri)]))
        {
            return configuration;
        }

        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var connection = configuration.GetSection(StorageConnection.Name);
        var key = StorageOptions.SectionName + ConfigurationPath.KeyDelimiter;
        if (!string.IsNullOrWhiteSpace(connection.Value))
        {
            mapped[key + nameof(StorageOptions.ConnectionString)] = connection.Value;
        }
        else if (!string.IsNullOrWhiteSpace(connection["blobServiceUri"]))
        {
            mapped[key + nameof(StorageOptions.BlobServiceUri)] = connection["blobServiceUri"];
            mapped[key + nameof(StorageOptions.QueueServiceUri)] = connection["queueServiceUri"];
        }
        else if (!string.IsNullOrWhiteSpace(connection["accountName"]))
        {
            mapped[key + nameof(StorageOptions.BlobServiceUri)] = $"https://{connection["accountName"]}.blob.core.windows.net";
            mapped[key + nameof(StorageOptions.QueueServiceUri)] = $"https://{connection["accountName"]}.queue.core.windows.net";
        }
        else
        {
            throw new InvalidOperationException(
                $"No storage is configured: set {StorageConnection.Name} (e.g. UseDevelopmentStorage=true locally), {StorageConnection.Name}__accountName with a managed identity, or Storage__ConnectionString.");
        }

        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(mapped).Build();
    }
}
