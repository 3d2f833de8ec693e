namespace Syndication.Feeds.Tests;

/// <summary>
/// A temp folder removed when the test ends. On Linux it lives in /dev/shm when available: the filesystem store
/// flushes every write to disk, which would make the publishing tests (thousands of writes) slow, not more real.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Create();

    private static string Create()
    {
        const string shm = "/dev/shm";
        if (Directory.Exists(shm))
        {
            var path = System.IO.Path.Combine(shm, "syndication-feeds-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            return path;
        }

        return Directory.CreateTempSubdirectory("syndication-feeds-").FullName;
    }

    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A reader still holding a file must not fail the test; the OS cleans temp eventually.
        }
    }
}
