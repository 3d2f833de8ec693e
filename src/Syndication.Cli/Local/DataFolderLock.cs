namespace Syndication.Cli.Local;

/// <summary>Holds <c>&lt;data&gt;/.lock</c> so two local hosts never work one data folder at once.</summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static DataFolderLock Acquire(string dataRoot)
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
            throw new CliException($"another 'syndication run' is already using the data folder '{dataRoot}'");
        }
    }

    public void Dispose() => _stream.Dispose();
}
