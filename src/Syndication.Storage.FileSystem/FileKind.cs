using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// Which files the folder store can read as blobs: regular files only. A named pipe put into <c>articles/</c> would
/// block the reader for ever, a device could be endless, and a symbolic link can point outside the data folder (or at
/// itself). .NET reports all of these as ordinary files, so the type comes from lstat(2), through the .NET runtime's
/// own native shim (<c>libSystem.Native</c>, whose status record is the same on every Unix).
/// </summary>
internal static partial class FileKind
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int StatusBytes = 512; // larger than the runtime's status record (Flags, Mode, Uid, Gid, Size, times…)

    private static readonly bool Unix = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Why <paramref name="path"/> is not a regular file the store may read, or null when it is one (or is missing).</summary>
    public static string? Problem(string path)
    {
        var link = new FileInfo(path).LinkTarget;
        if (link is not null)
        {
            return $"it is a symbolic link (to {link}); the folder store reads only regular files, so copy the file itself in.";
        }

        if (!Unix)
        {
            return null;
        }

        int type;
        try
        {
            var status = new byte[StatusBytes];
            if (LStat(path, status) != 0)
            {
                return null; // missing: the caller finds that out itself
            }

            type = BinaryPrimitives.ReadInt32LittleEndian(status.AsSpan(4)) & TypeMask;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a runtime without the shim: read as before
        }

        return type == Regular ? null : $"it is not a regular file but {Describe(type)}, which the folder store does not read (reading it could stall the worker); put a regular file there.";
    }

    private static string Describe(int type) => type switch
    {
        0x1000 => "a named pipe (FIFO)",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => $"a special file (type 0x{type:X})",
    };

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, [Out] byte[] output);
}
