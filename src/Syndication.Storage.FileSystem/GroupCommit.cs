using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// Makes the folder store's changes durable in groups (Linux). A change is a file written under a temporary name and
/// not yet flushed, to be renamed into place, or a change already made in a folder (a new folder, a deletion, a rename)
/// that must survive a power cut. Every change waiting when a commit starts joins it: one syncfs(2) makes the temporary
/// files, new folders and deletions durable; then the renames are made, and a second syncfs makes them durable. Each
/// writer returns only after that, so a write is as durable on return as with an fsync(2) of its file and folder, and
/// a name never points at content that is not on disk. A flush costs about the same for one file or a hundred (a
/// device cache flush each), so N concurrent writes cost two flushes instead of 2N, and the kernel writes the inode
/// and folder blocks they share once. The price: syncfs also flushes what other programs wrote to the same file
/// system, which can make a commit wait for them. Elsewhere, or where syncfs fails, each change is flushed on its own
/// (<see cref="DirectorySync"/>, fsync of the file).
/// </summary>
internal static partial class GroupCommit
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;
    private const int CloseOnExec = 0x80000;
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    private static readonly Lock Gate = new();
    private static List<Change> _waiting = [];
    private static bool _committing;

    /// <summary>Whether syncfs is used; cleared (for the life of the process) if the kernel refuses it.</summary>
    private static bool _syncfs = OperatingSystem.IsLinux();

    /// <summary>The device (st_dev) of each folder seen: one syncfs per file system in a group, not per folder.</summary>
    private static readonly ConcurrentDictionary<string, ulong> Devices = new(StringComparer.Ordinal);

    /// <summary>Closed by <see cref="Hold"/>: commits wait, changes gather.</summary>
    private static readonly ManualResetEventSlim Unheld = new(true);

    /// <summary>How many group commits made changes in each folder durable (tests check what gets flushed).</summary>
    private static readonly ConcurrentDictionary<string, long> Commits = new(StringComparer.Ordinal);

    /// <summary>Whether writers should leave the flush of a new file to <see cref="RenameAsync"/>.</summary>
    public static bool Enabled => _syncfs;

    /// <summary>
    /// Renames <paramref name="temp"/> (written, not yet flushed) to <paramref name="target"/> once its content is
    /// durable; completes once the rename is durable too. <paramref name="folders"/> are further folders with changes
    /// to make durable alongside (the parents of folders just created).
    /// </summary>
    public static Task RenameAsync(string temp, string target, IReadOnlyList<string> folders) =>
        Enqueue(new Change(Path.GetDirectoryName(target)!, temp, target, folders));

    /// <summary>Completes once the changes already made in <paramref name="folder"/> (a deletion, a rename, a new sub-folder) are durable.</summary>
    public static Task FlushAsync(string folder) => Enqueue(new Change(folder, null, null, []));

    /// <summary>Holds commits back until disposed, so that tests can gather changes into one group.</summary>
    internal static IDisposable Hold()
    {
        Unheld.Reset();
        return new Release();
    }

    /// <summary>Flushes file by file, as where syncfs is refused, until disposed (tests of that path).</summary>
    internal static IDisposable WithoutSyncfs()
    {
        var before = _syncfs;
        _syncfs = false;
        return new Restore(() => _syncfs = before);
    }

    /// <summary>Group commits that covered changes in <paramref name="folder"/> so far in this process.</summary>
    internal static long Flushes(string folder) => Commits.TryGetValue(folder, out var count) ? count : 0;

    private static Task Enqueue(Change change)
    {
        if (!_syncfs)
        {
            CommitEach([change]);
            return change.Done.Task;
        }

        bool start;
        lock (Gate)
        {
            _waiting.Add(change);
            start = !_committing;
            _committing = true;
        }

        if (start)
        {
            // A pool thread that blocks in syncfs; the store keeps spare pool threads for exactly that.
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(), null);
        }

        return change.Done.Task;
    }

    /// <summary>Commits groups until none is waiting: what arrives while one commit flushes forms the next group.</summary>
    private static void Run()
    {
        while (true)
        {
            Unheld.Wait();
            List<Change> group;
            lock (Gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }

                group = _waiting;
                _waiting = [];
            }

            try
            {
                if (_syncfs && !TryCommit(group))
                {
                    _syncfs = false;
                }

                if (!_syncfs)
                {
                    CommitEach(group);
                }
            }
            catch (Exception ex)
            {
                foreach (var change in group)
                {
                    Abandon(change, ex);
                }
            }
        }
    }

    /// <summary>The group in two flushes; false (nothing renamed) when syncfs is refused, so the caller flushes file by file.</summary>
    private static bool TryCommit(List<Change> group)
    {
        try
        {
            // A change whose folder is gone (or unreadable) fails alone, not the group.
            var gone = new List<Change>();
            foreach (var change in group)
            {
                try
                {
                    foreach (var folder in change.Folders.Prepend(change.Folder))
                    {
                        _ = Devices.GetOrAdd(folder, DeviceOf);
                    }
                }
                catch (IOException ex)
                {
                    Abandon(change, ex);
                    gone.Add(change);
                }
            }

            group.RemoveAll(gone.Contains);

            // Temporary files, new folders and deletions first: a rename must never reach the disk before the content it names.
            foreach (var folder in DevicesOf(group, renamedOnly: false))
            {
                if (!SyncFileSystem(folder, probe: true))
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a C library without statx or syncfs: nothing is renamed yet, so the group is flushed file by file
        }

        var renamed = new List<Change>(group.Count);
        foreach (var change in group)
        {
            if (change.Temp is null)
            {
                continue;
            }

            try
            {
                File.Move(change.Temp, change.Target!, overwrite: true);
                renamed.Add(change);
            }
            catch (Exception ex)
            {
                Abandon(change, ex);
            }
        }

        if (renamed.Count > 0)
        {
            foreach (var folder in DevicesOf(renamed, renamedOnly: true))
            {
                _ = SyncFileSystem(folder, probe: false);
            }
        }

        foreach (var folder in group.Where(c => !c.Done.Task.IsCompleted).SelectMany(c => c.Folders.Prepend(c.Folder)).Distinct(StringComparer.Ordinal))
        {
            Commits.AddOrUpdate(folder, 1, static (_, n) => n + 1);
        }

        foreach (var change in group)
        {
            Succeed(change);
        }

        return true;
    }

    /// <summary>Without syncfs: each temporary file flushed, renamed, and its folder flushed (shared by concurrent writers there).</summary>
    private static void CommitEach(List<Change> group)
    {
        foreach (var change in group)
        {
            try
            {
                if (change.Temp is not null)
                {
                    using (var handle = File.OpenHandle(change.Temp, FileMode.Open, FileAccess.ReadWrite))
                    {
                        if (Fsync(handle) != 0)
                        {
                            throw new IOException($"Flushing {change.Temp} failed (errno {Marshal.GetLastPInvokeError()}).");
                        }
                    }

                    File.Move(change.Temp, change.Target!, overwrite: true);
                }

                DirectorySync.Flush(change.Folder);
                foreach (var folder in change.Folders)
                {
                    DirectorySync.Flush(folder);
                }

                Succeed(change);
            }
            catch (Exception ex)
            {
                Abandon(change, ex);
            }
        }
    }

    /// <summary>One folder per file system the group touched (its renamed folders only, for the second flush).</summary>
    private static List<string> DevicesOf(List<Change> group, bool renamedOnly)
    {
        var seen = new Dictionary<ulong, string>();
        foreach (var change in group)
        {
            var folders = renamedOnly ? [change.Folder] : change.Folders.Prepend(change.Folder);
            foreach (var folder in folders)
            {
                var device = Devices.GetOrAdd(folder, DeviceOf);
                seen.TryAdd(device, folder);
            }
        }

        return [.. seen.Values];
    }

    private static void Succeed(Change change) => change.Done.TrySetResult();

    /// <summary>Fails a change; its temporary file (if not renamed yet) goes, so nothing is left half-written.</summary>
    private static void Abandon(Change change, Exception ex)
    {
        if (change.Temp is not null)
        {
            _ = FileSystemPaths.TryDelete(change.Temp);
        }

        change.Done.TrySetException(ex is IOException ? ex : new IOException($"Making a change in {change.Folder} durable failed: {ex.Message}", ex));
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="folder"/>. On the probe (the flush before a group's renames), false if it fails.</summary>
    private static bool SyncFileSystem(string folder, bool probe)
    {
        var fd = DirectorySync.Open(folder, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder {folder} to flush its file system (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Syncfs(fd) == 0)
            {
                return true;
            }

            // Before the renames, any refusal (ENOSYS, EPERM under a seccomp filter, even EIO) turns this process to
            // flushing file by file, where a real disk error surfaces from fsync; after them the renames' fate is unknown.
            var errno = Marshal.GetLastPInvokeError();
            return probe ? false : throw new IOException($"Flushing the file system of {folder} failed (errno {errno}).");
        }
        finally
        {
            _ = DirectorySync.Close(fd);
        }
    }

    /// <summary>st_dev of a folder, from statx(2) (one layout on every architecture): major in the high half, minor in the low.</summary>
    private static unsafe ulong DeviceOf(string folder)
    {
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, folder, 0, StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"Cannot read the file system of {folder} (errno {Marshal.GetLastPInvokeError()}).");
        }

        // struct statx: stx_dev_major at 0x88, stx_dev_minor at 0x8c.
        return ((ulong)*(uint*)(buffer + 0x88) << 32) | *(uint*)(buffer + 0x8c);
    }

    private sealed class Release : IDisposable
    {
        public void Dispose() => Unheld.Set();
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private sealed class Change(string folder, string? temp, string? target, IReadOnlyList<string> folders)
    {
        public string Folder { get; } = folder;

        public string? Temp { get; } = temp;

        public string? Target { get; } = target;

        public IReadOnlyList<string> Folders { get; } = folders;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(Microsoft.Win32.SafeHandles.SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
