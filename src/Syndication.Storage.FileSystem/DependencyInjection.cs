using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Storage.FileSystem;

/// <summary>Registers the folder-backed store and queue.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddFileSystemStorage(this IServiceCollection services, string root)
    {
        var options = new FileSystemStorageOptions { Root = root };
        services.AddSingleton(options);
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        services.AddSingleton<IWorkQueue, FileSystemWorkQueue>();
        return services;
    }
}
