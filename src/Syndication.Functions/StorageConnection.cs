namespace Syndication.Functions;

/// <summary>
/// The app setting prefix of the storage connection the triggers use. In Azure it is identity-based
/// (<c>AzureWebJobsStorage__accountName</c>, <c>__credential=managedidentity</c>); locally
/// <c>AzureWebJobsStorage=UseDevelopmentStorage=true</c>. The pipeline's own store reads the same setting unless
/// <c>Storage:*</c> is set (see <see cref="DependencyInjection"/>).
/// </summary>
public static class StorageConnection
{
    public const string Name = "AzureWebJobsStorage";
}
