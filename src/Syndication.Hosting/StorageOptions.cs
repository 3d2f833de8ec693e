namespace Syndication.Hosting;

/// <summary>Configuration section <c>Storage</c>: which adapter the pipeline runs on.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder of the embedded store (the default).</summary>
    public string DataRoot { get; set; } = "./data";

    /// <summary>Azure Storage connection string; when set, the Azure adapter is used instead of the folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint for managed identity (Azure), used when no connection string is set.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue endpoint for managed identity (Azure).</summary>
    public Uri? QueueServiceUri { get; set; }

    public bool UsesAzure => !string.IsNullOrWhiteSpace(ConnectionString) || BlobServiceUri is not null;
}
