namespace Syndication.Storage.FileSystem;

/// <summary>Where the embedded store keeps its containers and queues.</summary>
public sealed class FileSystemStorageOptions
{
    /// <summary>The data folder (<c>--data</c>).</summary>
    public string Root { get; set; } = "./data";
}
