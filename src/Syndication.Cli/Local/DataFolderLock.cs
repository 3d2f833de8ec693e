using Microsoft.Extensions.Configuration;
using Syndication.Hosting;

namespace Syndication.Cli.Local;

/// <summary>
/// Holds <c>&lt;data&gt;/.lock</c> for every command that rewrites store state (<c>run</c>, <c>feeds rebuild</c>,
/// <c>deliveries replay</c>, <c>quarantine retry</c>): the folder store's If-Match holds only within one process,
/// so two of them at once could lose an update. <c>upload</c> takes no lock (it only adds files under
/// <c>articles/</c>, which a running host picks up), nor do the read-only listings. Azure Storage checks ETags
/// itself, so nothing is locked there.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <param name="command">The command taking the lock, named in the error another command gets.</param>
    public static DataFolderLock Acquire(string dataRoot, string command = "run")
    {
        Directory.CreateDirectory(dataRoot);
        var path = Path.Combine(dataRoot, ".lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataFolderLock(stream);
        }
        catch (IOException)
        {
            throw new CliException(command == "run"
                ? $"another 'syndication run' (or a maintenance command such as 'feeds rebuild') is already using the data folder '{dataRoot}'"
                : $"'{command}' needs the data folder '{dataRoot}' to itself, and another syndication command ('run', or another maintenance command) is using it. Stop it first, or use the running host's operator page (retry, replay).");
        }
    }

    /// <summary>The lock for the folder store; null with Azure Storage.</summary>
    public static DataFolderLock? AcquireIfLocal(IConfiguration configuration, string command)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        return storage.UsesAzure ? null : Acquire(storage.DataRoot, command);
    }

    public void Dispose() => _stream.Dispose();
}
