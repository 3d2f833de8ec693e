using Syndication.Core.Ingest;
using Syndication.Core.Storage;

namespace Syndication.Core.Operations;

/// <summary>Retries quarantined uploads (after the extractor was fixed, or a transient failure).</summary>
public sealed class QuarantineRetry(IBlobStore store, QuarantineStore quarantine, IngestHandler ingest)
{
    public async Task<IngestResult> RetryAsync(string articleName, CancellationToken cancellationToken)
    {
        BlobProperties? article;
        try
        {
            article = await store.GetPropertiesAsync(Containers.Articles, articleName, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return new IngestResult(articleName, IngestStatus.Quarantined, Reason: $"The store cannot hold this file name: {ex.Message} Rename the upload.");
        }

        if (article is null)
        {
            // The upload itself is gone: keep the quarantined copy, it may be the only one left.
            return new IngestResult(articleName, IngestStatus.Missing, Reason: "The article is no longer in articles/; its quarantined copy is kept.");
        }

        // Forget the verdict first: ingest skips bytes it already quarantined.
        await quarantine.RemoveAsync(articleName, cancellationToken);
        return await ingest.HandleAsync(articleName, cancellationToken);
    }

    public async Task<IReadOnlyList<IngestResult>> RetryAllAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var record in quarantine.ListAsync(cancellationToken))
        {
            names.Add(record.Source);
        }

        var results = new List<IngestResult>();
        foreach (var name in names)
        {
            results.Add(await RetryAsync(name, cancellationToken));
        }

        return results;
    }
}
