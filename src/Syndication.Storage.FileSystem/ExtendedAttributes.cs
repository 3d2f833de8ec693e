using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Syndication.Storage.FileSystem;

/// <summary>
/// A blob's content type and metadata as an extended attribute of its own file (Linux, <c>user.</c> namespace).
/// Set on the temp file before it is flushed and renamed, it becomes durable and visible with the content in one
/// rename: no second file, no second flush, and never new metadata paired with old content. .NET has no API for
/// extended attributes, so this is P/Invoke of fsetxattr(2), fgetxattr(2) and getxattr(2).
/// </summary>
internal static partial class ExtendedAttributes
{
    /// <summary>The attribute holding a blob's properties (the JSON a sidecar held before).</summary>
    public const string Name = "user.syndication.blob";

    private const int OutOfRange = 34; // ERANGE: the value is larger than the buffer

    /// <summary>macOS and FreeBSD have extended attributes with other signatures; they keep sidecars.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>Sets the attribute on an open file; false when the file system refuses it (not supported, value too large), so the caller keeps a sidecar.</summary>
    public static bool TrySet(SafeFileHandle file, ReadOnlySpan<byte> value)
    {
        if (!Supported)
        {
            return false;
        }

        unsafe
        {
            fixed (byte* pointer = value)
            {
                return FSetXattr(file, Name, pointer, (nuint)value.Length, 0) == 0;
            }
        }
    }

    /// <summary>The attribute of an open file, or null when it has none (or the file system has no attributes).</summary>
    public static unsafe byte[]? Get(SafeFileHandle file) => Supported ? Read((buffer, size) => FGetXattr(file, Name, buffer, size)) : null;

    /// <summary>The attribute of the file at <paramref name="path"/>, or null when it has none (or the file is gone).</summary>
    public static unsafe byte[]? Get(string path) => Supported ? Read((buffer, size) => GetXattr(path, Name, buffer, size)) : null;

    private unsafe delegate nint Getter(byte* buffer, nuint size);

    private static unsafe byte[]? Read(Getter get)
    {
        Span<byte> small = stackalloc byte[1024];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            nint length;
            fixed (byte* pointer = small)
            {
                length = get(pointer, (nuint)small.Length);
            }

            if (length >= 0)
            {
                return small[..(int)length].ToArray();
            }

            if (Marshal.GetLastPInvokeError() != OutOfRange)
            {
                return null; // ENODATA, ENOTSUP, ENOENT: no attribute to read
            }

            // Larger than the buffer: ask for its size, then read it (it may change in between, hence the loop).
            var needed = get(null, 0);
            if (needed < 0)
            {
                return null;
            }

            var large = new byte[needed];
            fixed (byte* pointer = large)
            {
                length = get(pointer, (nuint)large.Length);
            }

            if (length >= 0)
            {
                return large[..(int)length];
            }

            if (Marshal.GetLastPInvokeError() != OutOfRange)
            {
                return null;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "fsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int FSetXattr(SafeFileHandle fd, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "fgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint FGetXattr(SafeFileHandle fd, string name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "getxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint GetXattr(string path, string name, byte* value, nuint size);
}
