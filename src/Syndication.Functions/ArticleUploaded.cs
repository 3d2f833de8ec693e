using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Syndication.Core.Ingest;
using Syndication.Core.Storage;

namespace Syndication.Functions;

/// <summary>
/// An editor uploaded <c>articles/{name}</c> (Event Grid BlobCreated) → Ingest. The function's name is part of the
/// infrastructure contract: the Event Grid subscription in <c>infra/</c> targets it.
/// </summary>
public sealed partial class ArticleUploaded(IngestHandler ingest, ILogger<ArticleUploaded> logger)
{
    /// <remarks>
    /// Bound to <see cref="BlobClient"/> so nothing is downloaded here: the handler reads the blob (with its ETag)
    /// through the port. A quarantined upload is a handled outcome, not a failure: retrying cannot help it.
    /// </remarks>
    [Function(nameof(ArticleUploaded))]
    public async Task Run(
        [BlobTrigger(Containers.Articles + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.Name)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        var result = await ingest.HandleAsync(name, cancellationToken);
        LogIngested(logger, name, result.Status, result.EntryId, result.Reason);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Article {ArticleName}: {Status} (entry {EntryId}) {Reason}")]
    private static partial void LogIngested(ILogger logger, string articleName, IngestStatus status, string? entryId, string? reason);
}
