using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Queues;
using Syndication.Core.Storage;

namespace Syndication.Storage.FileSystem;

/// <summary>Registers the folder-backed store and queue.</summary>
public static class DependencyInjection
{
    /// <summary>Threads the pool keeps ready: this store's writes block in fsync(2), and that is I/O, not CPU.</summary>
    private const int MinWorkerThreads = 32;

    public static IServiceCollection AddFileSystemStorage(this IServiceCollection services, string root)
    {
        // Concurrent writers (a reconcile pass ingests several uploads at once; publishing writes documents in
        // parallel) each hold a pool thread while the disk flushes. Without spare threads the pool adds them one at a
        // time, slowly, and the writes that could share a flush queue up instead.
        ThreadPool.GetMinThreads(out var worker, out var completion);
        ThreadPool.SetMinThreads(Math.Max(worker, MinWorkerThreads), completion);
        var options = new FileSystemStorageOptions { Root = root };
        services.AddSingleton(options);
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        services.AddSingleton<IWorkQueue, FileSystemWorkQueue>();
        return services;
    }
}
