using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Syndication.Core.Storage;

namespace Syndication.Testing;

/// <summary>
/// The blob-store port in memory, with the same conditional-write rules as the real adapters (If-Match, create-only,
/// content-hash ETags). For tests that run a storage sequence hundreds of times, where a folder's fsyncs would dominate.
/// </summary>
public sealed class InMemoryBlobStore(TimeProvider? timeProvider = null) : IBlobStore
{
    private readonly ConcurrentDictionary<(string Container, string Name), BlobRecord> _blobs = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Name → content of every blob in a container, for comparing whole stores.</summary>
    public IReadOnlyDictionary<string, byte[]> Snapshot(string container) =>
        _blobs.Where(b => b.Key.Container == container).ToDictionary(b => b.Key.Name, b => b.Value.Content.ToArray(), StringComparer.Ordinal);

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.Keys.Any(k => k.Container == container));

    public Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.TryGetValue((container, name), out var blob) ? blob : null);

    public Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken)
    {
        if (!_blobs.TryGetValue((container, name), out var blob))
        {
            return Task.FromResult<BlobRecord?>(null);
        }

        return blob.Content.Length > maxBytes ? throw new BlobTooLargeException(blob.Content.Length, maxBytes) : Task.FromResult<BlobRecord?>(blob);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.TryGetValue((container, name), out var blob) ? blob.Properties : null);

    public Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        options ??= new BlobWriteOptions();
        lock (_gate)
        {
            var exists = _blobs.TryGetValue((container, name), out var current);
            if (options.CreateOnly && exists)
            {
                throw new BlobConflictException($"{container}/{name} already exists.");
            }

            if (options.IfMatch is not null && (!exists || current!.Properties.ETag != options.IfMatch))
            {
                throw new BlobConflictException($"{container}/{name} changed since it was read.");
            }

            var copy = content.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(copy))[..32] + "\"";
            var properties = new BlobProperties(container, name, etag, _time.GetUtcNow(), copy.Length, options.ContentType, options.CacheControl,
                options.Metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(options.Metadata));
            _blobs[(container, name)] = new BlobRecord(properties, copy);
            return Task.FromResult(etag);
        }
    }

    public async IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = _blobs.Keys.Where(k => k.Container == container && k.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_blobs.TryGetValue((container, name), out var blob))
            {
                yield return blob.Properties;
            }
        }

        await Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_blobs.TryGetValue((container, name), out var current))
            {
                return Task.FromResult(false);
            }

            if (ifMatch is not null && current.Properties.ETag != ifMatch)
            {
                throw new BlobConflictException($"{container}/{name} changed since it was read.");
            }

            return Task.FromResult(_blobs.TryRemove((container, name), out _));
        }
    }
}
