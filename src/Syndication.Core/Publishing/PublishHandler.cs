using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>Handles messages of the <c>publish</c> queue by bringing the feeds up to date.</summary>
public sealed partial class PublishHandler(IFeedPublisher publisher, ILogger<PublishHandler> logger)
{
    /// <summary>The changes a message carries: one object (one change) or an array (<see cref="PublishEnqueuer"/>'s group commit).</summary>
    public static IReadOnlyList<PublishMessage> Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        List<PublishMessage?> changes = body.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<List<PublishMessage?>>(body, StoredJson.Compact) ?? []
            : [JsonSerializer.Deserialize<PublishMessage>(body, StoredJson.Compact)];
        return changes.Count == 0 || changes.Any(c => c is null || string.IsNullOrEmpty(c.EntryId))
            ? throw new InvalidDataException("Empty publish message.")
            : changes.Cast<PublishMessage>().ToList();
    }

    public async Task HandleAsync(IReadOnlyList<PublishMessage> messages, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(messages, cancellationToken);
        LogPublished(logger, messages.Count);
    }

    public Task RebuildAsync(CancellationToken cancellationToken, IProgress<RebuildProgress>? progress = null) => publisher.RebuildAsync(cancellationToken, progress);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Published feeds for {Count} change(s)")]
    private static partial void LogPublished(ILogger logger, int count);
}
