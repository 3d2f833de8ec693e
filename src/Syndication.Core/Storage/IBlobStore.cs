namespace Syndication.Core.Storage;

/// <summary>The blob-store port: containers of named blobs with ETags and conditional writes.</summary>
public interface IBlobStore
{
    /// <summary>Reads a blob, or returns null when it does not exist.</summary>
    Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a blob as a stream with a bound: one larger than <paramref name="maxBytes"/> is refused with
    /// <see cref="BlobTooLargeException"/> before its content is read, so a huge upload costs no memory. Null when
    /// it does not exist. The ETag returned is that of the bytes returned.
    /// </summary>
    Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Reads a blob's properties without its content, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a blob and returns its new ETag. Throws <see cref="BlobConflictException"/> when a condition in
    /// <paramref name="options"/> (If-Match, or create-only) does not hold.
    /// </summary>
    Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the container (a folder locally) exists. A missing container lists as empty; this tells the two apart,
    /// so "no articles at all" is never taken for "every article was deleted".
    /// </summary>
    Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken);

    /// <summary>Lists blobs whose name starts with <paramref name="prefix"/>, in ordinal name order.</summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; returns false when it did not exist. Throws <see cref="BlobConflictException"/> on a stale If-Match.</summary>
    Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken);
}

/// <summary>A blob's content with its properties.</summary>
public sealed record BlobRecord(BlobProperties Properties, ReadOnlyMemory<byte> Content)
{
    /// <summary>
    /// The first 32 lower-case hex digits of the content's SHA-256, when the store computed it while reading (the
    /// folder store does, for its ETag), so a caller that needs that hash does not compute it again; null otherwise.
    /// </summary>
    public string? Sha256Prefix { get; init; }
}

/// <summary>What the store knows about a blob besides its content.</summary>
/// <param name="Unusable">
/// Set by a listing (or by the properties) for a blob the store holds but cannot address by this name (e.g. a file
/// called <c>x\y.html</c> in a folder store) or must not read (a named pipe or a symbolic link there): why. Such a blob cannot be read or written; callers report it by name and go on.
/// </param>
public sealed record BlobProperties(
    string Container,
    string Name,
    string ETag,
    DateTimeOffset LastModified,
    long Length,
    string? ContentType,
    string? CacheControl,
    IReadOnlyDictionary<string, string> Metadata,
    string? Unusable = null);

/// <summary>Content headers and preconditions for a write.</summary>
public sealed record BlobWriteOptions
{
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Write only if the blob's current ETag is this one.</summary>
    public string? IfMatch { get; init; }

    /// <summary>Write only if no blob of that name exists yet.</summary>
    public bool CreateOnly { get; init; }
}

/// <summary>A conditional write or delete whose precondition did not hold (HTTP 412 / 409 in Azure).</summary>
public sealed class BlobConflictException : Exception
{
    public BlobConflictException() { }
    public BlobConflictException(string message) : base(message) { }
    public BlobConflictException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A storage account or folder that cannot be reached or used.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() { }
    public StorageUnavailableException(string message) : base(message) { }
    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A bounded read met a blob larger than its bound; nothing of it was read.</summary>
public sealed class BlobTooLargeException : Exception
{
    public BlobTooLargeException() { }
    public BlobTooLargeException(string message) : base(message) { }
    public BlobTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    public BlobTooLargeException(long length, long limit)
        : base($"The blob is {length:N0} bytes; the limit is {limit:N0}.")
    {
        Length = length;
        Limit = limit;
    }

    public long Length { get; }

    public long Limit { get; }
}
