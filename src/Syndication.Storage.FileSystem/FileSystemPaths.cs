using System.Text;

namespace Syndication.Storage.FileSystem;

/// <summary>Maps containers and blob names to paths under the data folder, refusing names that escape it.</summary>
internal static class FileSystemPaths
{
    /// <summary>Sidecar folder (per container) holding content type and metadata; hidden from listings.</summary>
    public const string MetaFolder = ".meta";

    public const string TempSuffix = ".tmp~";

    /// <summary>The longest file or folder name a blob name may use: 255 bytes (ext4, NTFS, APFS) less the metadata sidecar's ".json".</summary>
    public const int MaxSegmentBytes = 250;

    public static string ContainerPath(string root, string container)
    {
        if (string.IsNullOrWhiteSpace(container) || container.Contains('/', StringComparison.Ordinal) || container.Contains('\\', StringComparison.Ordinal) || container.StartsWith('.'))
        {
            throw new ArgumentException($"Invalid container name '{container}'.", nameof(container));
        }

        return Path.Combine(root, container);
    }

    public static string BlobPath(string root, string container, string name) =>
        Path.Combine(ContainerPath(root, container), CheckName(name));

    public static string MetaPath(string root, string container, string name) =>
        Path.Combine(ContainerPath(root, container), MetaFolder, CheckName(name) + ".json");

    private static string CheckName(string name) =>
        Problem(name) is { } problem
            ? throw new ArgumentException($"Invalid blob name '{name}': {problem}", nameof(name))
            : name.Replace('/', Path.DirectorySeparatorChar);

    /// <summary>Why the store cannot hold a blob of this name, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 1024)
        {
            return "a blob name must have 1 to 1024 characters.";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Contains('\\', StringComparison.Ordinal))
            {
                return "a backslash is not allowed in a name (use '/' between folders).";
            }

            if (segment.Length == 0 || segment == "." || segment == ".." || segment.StartsWith('.') || segment.Contains('\0', StringComparison.Ordinal))
            {
                return "empty, hidden or relative segments are not allowed.";
            }

            if (Encoding.UTF8.GetByteCount(segment) is var bytes && bytes > MaxSegmentBytes)
            {
                return $"a file or folder name on the local store may have at most {MaxSegmentBytes} bytes in UTF-8 (file systems allow 255, and the store adds \".json\" for its metadata); this one has {bytes}.";
            }
        }

        return null;
    }

    /// <summary>
    /// Writes bytes to a temp file beside the target and renames it into place, so readers see the old content or the
    /// new, never part of it; returns once the new name survives a power cut too, not only a killed process. The temp
    /// file's content is durable before the rename is made: on Linux by the group commit shared with concurrent
    /// writers (<see cref="GroupCommit"/>), elsewhere by an fsync of the file and then of its folder.
    /// </summary>
    public static async Task AtomicWriteAsync(string path, ReadOnlyMemory<byte> content) => _ = await AtomicWriteAsync(path, content, default);

    /// <summary>
    /// <see cref="AtomicWriteAsync(string, ReadOnlyMemory{byte})"/> with <paramref name="attribute"/> (when not empty)
    /// set as the file's <see cref="ExtendedAttributes"/> before the flush, so content and attribute land in one rename.
    /// False when the file system refuses the attribute: then nothing was written.
    /// </summary>
    public static async Task<bool> AtomicWriteAsync(string path, ReadOnlyMemory<byte> content, ReadOnlyMemory<byte> attribute)
    {
        var folder = Path.GetDirectoryName(path)!;
        var grouped = GroupCommit.Enabled;
        // A new folder is a new name in its parent, which a later flush of the folder itself does not make durable.
        var created = CreateDirectory(folder);
        if (!grouped)
        {
            created.ForEach(DirectorySync.Flush);
        }

        // A short hidden name beside the target (listings skip it), so the longest blob name still has room for it.
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                stream.Write(content.Span);
                if (!attribute.IsEmpty && !ExtendedAttributes.TrySet(stream.SafeFileHandle, attribute.Span))
                {
                    stream.Dispose();
                    _ = TryDelete(temp);
                    return false;
                }

                if (!grouped)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            if (grouped)
            {
                // Flushed, renamed and flushed again together with whatever else is being written meanwhile.
                await GroupCommit.RenameAsync(temp, path, created);
                return true;
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            _ = TryDelete(temp);
            throw;
        }

        DirectorySync.Flush(folder);
        return true;
    }

    /// <summary>Creates <paramref name="directory"/> and any missing parents; returns the parents whose new names need a flush, outermost first.</summary>
    private static List<string> CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return [];
        }

        var missing = new Stack<string>();
        for (var current = directory; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        Directory.CreateDirectory(directory);
        return [.. missing.Select(created => Path.GetDirectoryName(created)!)];
    }

    /// <summary>Deletes a file and flushes its directory, so the deletion survives a power cut too. False when there was nothing to delete.</summary>
    public static async Task<bool> DeleteDurablyAsync(string path)
    {
        if (!TryDelete(path))
        {
            return false;
        }

        await FlushAsync(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>How many flushes, single or grouped, made changes in <paramref name="folder"/> durable in this process (tests check what gets flushed).</summary>
    internal static long Flushes(string folder) => DirectorySync.Flushes(folder) + GroupCommit.Flushes(folder);

    /// <summary>Returns once the changes already made in <paramref name="folder"/> (deletions, renames) are durable.</summary>
    public static Task FlushAsync(string folder) => GroupCommit.FlushAsync(folder);

    public static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
