using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Syndication.Core.Storage;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// Blob store on a folder: <c>&lt;root&gt;/&lt;container&gt;/&lt;name&gt;</c>. The ETag is a hash of the content, so it is
/// stable across restarts; content type and metadata live in an extended attribute of the blob's own file (Linux), else
/// in a sidecar under <c>.meta/</c> (other systems, file systems without attributes, and data folders written before);
/// see <see cref="ExtendedAttributes"/>. Conditional writes are serialised per blob inside this process (one <c>run</c>
/// owns a data folder).
/// </summary>
public sealed class FileSystemBlobStore(FileSystemStorageOptions options, TimeProvider timeProvider) : IBlobStore
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    // Content-hash ETags cost a full read; remember them per file while its length and mtime stay the same, so
    // listings (Reconcile over thousands of articles) read metadata, not content. A file changed by someone else gets
    // its mtime from the kernel's coarse clock (a few milliseconds), so two same-length writes in one tick look alike:
    // a hash is reused only if the file was already older than one tick of its file system's clock when it was hashed
    // ("racy git"), or we wrote it ourselves (then its mtime is our own precise stamp). How long a tick is: a file
    // system that keeps whole seconds (ext3, HFS+) or two (FAT) stamps whole seconds, so a whole-second or
    // whole-millisecond mtime waits SettledAge; an mtime with sub-millisecond digits comes from a file system with
    // nanosecond stamps (ext4, XFS, Btrfs, tmpfs, NTFS), whose clock ticks every 1-10 ms, and waits FineSettledAge,
    // ten such ticks. A file uploaded a moment before a pass is then hashed once by the listing, not again by every
    // step of its ingest.
    private static readonly TimeSpan SettledAge = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FineSettledAge = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, (long Length, long ModifiedTicks, string ETag, bool Settled)> _etags = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(options.Root);

    public Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken)
    {
        var path = FileSystemPaths.BlobPath(Root, container, name);
        return Task.FromResult(File.Exists(path) ? ReadWhole(container, name, path, long.MaxValue) : null);
    }

    public Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(ReadWhole(container, name, FileSystemPaths.BlobPath(Root, container, name), maxBytes));

    /// <summary>
    /// Reads a whole blob through one open handle, so its length, mtime, attribute and hash are those of the file read
    /// even if the name is replaced meanwhile; the hash is remembered for listings. Reads are synchronous: small local
    /// files, where an asynchronous read only adds a thread-pool hop.
    /// </summary>
    private BlobRecord? ReadWhole(string container, string name, string path, long maxBytes)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            // The length is checked before anything is read: a huge upload costs no memory.
            var length = RandomAccess.GetLength(handle);
            if (length > maxBytes)
            {
                throw new BlobTooLargeException(length, maxBytes);
            }

            // mtime before the content: if the file changes while we read, the remembered mtime is stale and forces a re-hash.
            var asked = DateTime.UtcNow;
            var modified = File.GetLastWriteTimeUtc(handle);
            var content = new byte[length];
            for (var read = 0; read < content.Length;)
            {
                var got = RandomAccess.Read(handle, content.AsSpan(read), read);
                read += got > 0 ? got : throw new EndOfStreamException($"{container}/{name} shrank while it was read.");
            }

            // Always hashed: a remembered hash is keyed by the name's length and mtime, and this handle may hold the file
            // that name had before a replacement with the same length and mtime (a fake clock in tests stamps every
            // write alike), so only the bytes read say which version they are.
            var meta = ReadMeta(container, name, ExtendedAttributes.Get(handle));
            var hash = Sha256PrefixOf(content);
            var etag = "\"" + hash + "\"";
            _etags[path] = (length, modified.Ticks, etag, IsSettled(modified, asked));
            return new BlobRecord(Properties(container, name, etag, length, modified, meta), content) { Sha256Prefix = hash };
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken)
    {
        var path = FileSystemPaths.BlobPath(Root, container, name);
        if (FileKind.Problem(path) is { } problem)
        {
            // Reported, not read: a pipe would block the reader, a link could lead anywhere (or loop).
            return new BlobProperties(container, name, "W/\"special\"", timeProvider.GetUtcNow(), 0, null, null, new Dictionary<string, string>(), problem);
        }

        var asked = DateTime.UtcNow;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var length = file.Length;
        var modified = file.LastWriteTimeUtc;
        if (Remembered(path, length, modified) is { } knownETag)
        {
            return Properties(container, name, knownETag, length, modified, ReadMeta(container, name, ExtendedAttributes.Get(path)));
        }

        // Hashed as a stream: a listing of a multi-gigabyte upload must not load it into memory.
        string etag;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            etag = "\"" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken))[..32] + "\"";
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        _etags[path] = (length, modified.Ticks, etag, IsSettled(modified, asked));
        return Properties(container, name, etag, length, modified, ReadMeta(container, name, ExtendedAttributes.Get(path)));
    }

    public async Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        options ??= new BlobWriteOptions();
        var path = FileSystemPaths.BlobPath(Root, container, name);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (options.CreateOnly || options.IfMatch is not null)
            {
                var current = File.Exists(path) ? ETagOf(await File.ReadAllBytesAsync(path, cancellationToken)) : null;
                if (options.CreateOnly && current is not null)
                {
                    throw new BlobConflictException($"{container}/{name} already exists.");
                }

                if (options.IfMatch is not null && !SameETag(options.IfMatch, current))
                {
                    throw new BlobConflictException($"{container}/{name} changed since it was read (ETag {options.IfMatch} is stale).");
                }
            }

            var meta = new Sidecar(options.ContentType, options.CacheControl, options.Metadata is null ? null : new Dictionary<string, string>(options.Metadata));
            var metaPath = FileSystemPaths.MetaPath(Root, container, name);
            if (meta.IsEmpty || meta.IsImpliedBy(name))
            {
                // Nothing the name does not already say (an upload's text/html): no attribute, no sidecar. An old
                // sidecar goes first and for good, or a power cut could pair its metadata with the new content.
                _ = await FileSystemPaths.DeleteDurablyAsync(metaPath);
                await FileSystemPaths.AtomicWriteAsync(path, content);
            }
            else if (await FileSystemPaths.AtomicWriteAsync(path, content, JsonSerializer.SerializeToUtf8Bytes(meta)))
            {
                // Content and metadata landed in one rename. A sidecar of an earlier release goes after it: until then
                // it described the old content; from now on the attribute, which wins over it, describes the new.
                _ = await FileSystemPaths.DeleteDurablyAsync(metaPath);
            }
            else
            {
                // The file system refuses extended attributes: sidecar first, so a crash between the two renames
                // leaves new metadata on old content, never a torn blob.
                await FileSystemPaths.AtomicWriteAsync(metaPath, JsonSerializer.SerializeToUtf8Bytes(meta));
                await FileSystemPaths.AtomicWriteAsync(path, content);
            }

            var modified = timeProvider.GetUtcNow().UtcDateTime;
            File.SetLastWriteTimeUtc(path, modified);
            var etag = ETagOf(content.Span);
            _etags[path] = (content.Length, File.GetLastWriteTimeUtc(path).Ticks, etag, true);
            return etag;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(FileSystemPaths.ContainerPath(Root, container)));

    public async IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = FileSystemPaths.ContainerPath(Root, container);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            var name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (name.StartsWith(FileSystemPaths.MetaFolder + "/", StringComparison.Ordinal) || name.EndsWith(FileSystemPaths.TempSuffix, StringComparison.Ordinal) || name.Split('/').Any(s => s.StartsWith('.')))
            {
                continue;
            }

            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);

        // Files whose hash is not remembered are read and hashed a few at a time, ahead of the caller, on the thread
        // pool: a first listing of thousands of new uploads is bound by hashing, which one core would do alone while
        // the caller waits. Results keep name order.
        var ahead = new Queue<Task<BlobProperties?>>();
        var lookahead = Math.Max(2, Environment.ProcessorCount) * 2;
        try
        {
            foreach (var name in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ahead.Enqueue(Task.Run(() => ListedPropertiesAsync(container, folder, name, cancellationToken), cancellationToken));
                if (ahead.Count >= lookahead && await ahead.Dequeue() is { } properties)
                {
                    yield return properties;
                }
            }

            while (ahead.Count > 0)
            {
                if (await ahead.Dequeue() is { } properties)
                {
                    yield return properties;
                }
            }
        }
        finally
        {
            // A caller that stops early (or a failure) leaves no hashing running behind it; what those reads found is dropped.
            foreach (var abandoned in ahead)
            {
                try
                {
                    await abandoned;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>A listed name's properties; a name the store cannot address is reported, not thrown: one odd file name must not stop a listing of everything else.</summary>
    private Task<BlobProperties?> ListedPropertiesAsync(string container, string folder, string name, CancellationToken cancellationToken)
    {
        if (FileSystemPaths.Problem(name) is { } problem)
        {
            var file = new FileInfo(Path.Combine(folder, name));
            return Task.FromResult<BlobProperties?>(new BlobProperties(container, name, $"W/\"{file.Length}-{file.LastWriteTimeUtc.Ticks}\"", file.LastWriteTimeUtc, file.Length, null, null,
                new Dictionary<string, string>(), problem));
        }

        return GetPropertiesAsync(container, name, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = FileSystemPaths.BlobPath(Root, container, name);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (ifMatch is not null && !SameETag(ifMatch, ETagOf(await File.ReadAllBytesAsync(path, cancellationToken))))
            {
                throw new BlobConflictException($"{container}/{name} changed since it was read.");
            }

            // Blob first: a crash in between leaves an orphan sidecar, which the next write of this name replaces,
            // never a blob without its metadata. Both deletions are flushed: a deleted blob stays deleted after a power cut.
            File.Delete(path);
            _etags.TryRemove(path, out _);
            await FileSystemPaths.FlushAsync(Path.GetDirectoryName(path)!);
            _ = await FileSystemPaths.DeleteDurablyAsync(FileSystemPaths.MetaPath(Root, container, name));
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private static BlobProperties Properties(string container, string name, string etag, long length, DateTimeOffset modified, Sidecar? meta) =>
        new(container, name, etag, modified, length, meta?.ContentType ?? ContentTypeGuess.FromName(name), meta?.CacheControl,
            meta?.Metadata ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>());

    /// <summary>The blob's properties: its extended attribute, else (written before, or where attributes are refused) its sidecar, else none.</summary>
    private Sidecar? ReadMeta(string container, string name, byte[]? attribute)
    {
        try
        {
            if (attribute is not null)
            {
                return JsonSerializer.Deserialize<Sidecar>(attribute);
            }

            // Most blobs have neither (their name implies their content type): asked first, so that costs no exception.
            var sidecar = FileSystemPaths.MetaPath(Root, container, name);
            return File.Exists(sidecar) ? JsonSerializer.Deserialize<Sidecar>(File.ReadAllBytes(sidecar)) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The hash remembered for this file, if it is still the file that was hashed.</summary>
    private string? Remembered(string path, long length, DateTime modified) =>
        _etags.TryGetValue(path, out var known) && known.Settled && known.Length == length && known.ModifiedTicks == modified.Ticks ? known.ETag : null;

    /// <summary>
    /// Whether a file whose mtime was asked for at <paramref name="askedUtc"/> (before its content was read) can be told
    /// apart from any later rewrite by its mtime. The real clock, as the kernel stamps files with it (a skewed or future
    /// mtime is simply never settled).
    /// </summary>
    internal static bool IsSettled(DateTime modifiedUtc, DateTime askedUtc) =>
        askedUtc - modifiedUtc >= (modifiedUtc.Ticks % TimeSpan.TicksPerMillisecond != 0 ? FineSettledAge : SettledAge);

    private static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Sha256PrefixOf(content) + "\"";

    private static string Sha256PrefixOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content))[..32];

    private static bool SameETag(string a, string? b) => b is not null && a.Trim('"') == b.Trim('"');

    private sealed record Sidecar(string? ContentType, string? CacheControl, Dictionary<string, string>? Metadata)
    {
        public bool IsEmpty => ContentType is null && CacheControl is null && (Metadata is null || Metadata.Count == 0);

        public bool IsImpliedBy(string name) => CacheControl is null && (Metadata is null || Metadata.Count == 0) && ContentType == ContentTypeGuess.FromName(name);
    }
}
