using Syndication.Core.Storage;

namespace Syndication.Core.Tests;

/// <summary>
/// A blob store that runs <see cref="BeforeConditionalPut"/> once, just before the next conditional write (If-Match)
/// to a container, and <see cref="BeforeGet"/> once, just before the next read of one blob: lets a test put another
/// worker's step exactly inside a race window; <see cref="FailPut"/> fails chosen writes; <see cref="PutDelay"/> holds every
/// write's bytes unread for a while.
/// </summary>
public sealed class InterceptingBlobStore(IBlobStore inner) : IBlobStore
{
    /// <summary>Container whose next If-Match write is intercepted, and what runs first; cleared once it ran.</summary>
    public (string Container, Func<Task> Action)? BeforeConditionalPut { get; set; }

    /// <summary>Blob whose next read is intercepted, and what runs first; cleared once it ran.</summary>
    public (string Container, string Name, Func<Task> Action)? BeforeGet { get; set; }

    public async Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken)
    {
        if (BeforeGet is { } hook && hook.Container == container && hook.Name == name)
        {
            BeforeGet = null;
            await hook.Action();
        }

        return await inner.GetAsync(container, name, cancellationToken);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken) => inner.GetPropertiesAsync(container, name, cancellationToken);

    /// <summary>Writes that fail (with an <see cref="IOException"/>) while this says so, given container and name.</summary>
    public Func<string, string, bool>? FailPut { get; set; }

    /// <summary>How long a write waits before the inner store reads its bytes, as an upload reads its buffer while it sends.</summary>
    public TimeSpan PutDelay { get; set; }

    public async Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        if (PutDelay > TimeSpan.Zero)
        {
            await Task.Delay(PutDelay, cancellationToken);
        }

        if (FailPut is { } fail && fail(container, name))
        {
            throw new IOException($"Simulated failure writing {container}/{name}.");
        }

        if (options?.IfMatch is not null && BeforeConditionalPut is { } hook && hook.Container == container)
        {
            BeforeConditionalPut = null;
            await hook.Action();
        }

        return await inner.PutAsync(container, name, content, options, cancellationToken);
    }

    public Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken) => inner.ReadAsync(container, name, maxBytes, cancellationToken);

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) => inner.ContainerExistsAsync(container, cancellationToken);

    public IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, CancellationToken cancellationToken) => inner.ListAsync(container, prefix, cancellationToken);

    public Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken) => inner.DeleteAsync(container, name, ifMatch, cancellationToken);
}
