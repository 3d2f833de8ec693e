using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// Makes renames and new names in a directory durable: a rename is an update of the directory, which an fsync of
/// the file does not cover. Concurrent writers in one directory share a flush (group commit): a writer whose
/// rename happened before a flush that has since finished does not start another.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    private static readonly ConcurrentDictionary<string, Flusher> Flushers = new(StringComparer.Ordinal);

    /// <summary>.NET cannot open a directory for flushing; POSIX systems can, with open(2) and fsync(2). Windows journals its directory updates.</summary>
    private static readonly bool Supported = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Returns once every rename into <paramref name="directory"/> made before the call is on disk.</summary>
    public static void Flush(string directory)
    {
        if (!Supported)
        {
            return;
        }

        var flusher = Flushers.GetOrAdd(directory, _ => new Flusher());
        var seen = Interlocked.Read(ref flusher.Started);
        lock (flusher.Gate)
        {
            if (Interlocked.Read(ref flusher.Started) > seen)
            {
                return; // a flush that began after our rename has finished while we waited
            }

            Interlocked.Increment(ref flusher.Started);
            FlushNow(directory);
        }
    }

    /// <summary>How many flushes of <paramref name="directory"/> this process started (tests check what gets flushed).</summary>
    internal static long Flushes(string directory) =>
        Flushers.TryGetValue(directory, out var flusher) ? Interlocked.Read(ref flusher.Started) : 0;

    private static void FlushNow(string directory)
    {
        var fd = Open(directory, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Flushing directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private sealed class Flusher
    {
        public readonly Lock Gate = new();
        public long Started;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);
}
