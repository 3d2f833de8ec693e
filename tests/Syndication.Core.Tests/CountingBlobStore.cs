using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

/// <summary>Counts every blob operation and records which blobs were written, around a real store.</summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private int _operations;
    private int _conflicts;

    public int Operations => _operations;

    /// <summary>Conditional writes refused because another writer got there first (each costs its writer a retry).</summary>
    public int Conflicts => _conflicts;

    public ConcurrentQueue<string> Writes { get; } = new();

    public void Reset()
    {
        Interlocked.Exchange(ref _operations, 0);
        Interlocked.Exchange(ref _conflicts, 0);
        Writes.Clear();
    }

    public Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.GetAsync(container, name, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.GetPropertiesAsync(container, name, cancellationToken);
    }

    public async Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        Writes.Enqueue(container + "/" + name);
        try
        {
            return await inner.PutAsync(container, name, content, options, cancellationToken);
        }
        catch (BlobConflictException)
        {
            Interlocked.Increment(ref _conflicts);
            throw;
        }
    }

    public Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadAsync(container, name, maxBytes, cancellationToken);
    }

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ContainerExistsAsync(container, cancellationToken);
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        await foreach (var blob in inner.ListAsync(container, prefix, cancellationToken))
        {
            yield return blob;
        }
    }

    public Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        Writes.Enqueue(container + "/" + name + " (deleted)");
        return inner.DeleteAsync(container, name, ifMatch, cancellationToken);
    }
}
