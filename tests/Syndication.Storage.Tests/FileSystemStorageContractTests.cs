using Microsoft.Extensions.Time.Testing;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Storage.FileSystem;
using Syndication.Testing;

namespace Syndication.Storage.Tests;

/// <summary>The port contract on the embedded folder store, with a fake clock.</summary>
public sealed class FileSystemStorageContractTests : StorageContractTests, IDisposable
{
    private readonly TempFolder _folder = new("storage-contract");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FileSystemWorkQueue _queue;

    public FileSystemStorageContractTests()
    {
        var options = new FileSystemStorageOptions { Root = _folder.Path };
        Blobs = new FileSystemBlobStore(options, _time);
        _queue = new FileSystemWorkQueue(options, _time);
    }

    protected override IBlobStore Blobs { get; }

    protected override IWorkQueue Queue => _queue;

    protected override TimeSpan Tick => TimeSpan.FromMinutes(1);

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _queue.Dispose();
        _folder.Dispose();
    }
}
