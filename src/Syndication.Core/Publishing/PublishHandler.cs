using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>Handles messages of the <c>publish</c> queue by bringing the feeds up to date.</summary>
public sealed partial class PublishHandler(IFeedPublisher publisher, ILogger<PublishHandler> logger)
{
    public static PublishMessage Parse(string body) =>
        JsonSerializer.Deserialize<PublishMessage>(body, StoredJson.Compact)
        ?? throw new InvalidDataException("Empty publish message.");

    public async Task HandleAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(messages, cancellationToken);
        LogPublished(logger, messages.Count);
    }

    public Task RebuildAsync(CancellationToken cancellationToken, IProgress<RebuildProgress>? progress = null) => publisher.RebuildAsync(cancellationToken, progress);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Published feeds for {Count} change(s)")]
    private static partial void LogPublished(ILogger logger, int count);
}
