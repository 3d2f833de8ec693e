namespace Syndication.Core.Publishing;

/// <summary>Brings feed documents up to date after entry changes.</summary>
public interface IFeedPublisher
{
    /// <summary>Applies a batch of changes (several messages may name the same entry).</summary>
    Task PublishAsync(IReadOnlyList<PublishMessage> changes, CancellationToken cancellationToken);

    /// <summary>Rewrites every feed document from the entries (recovery and bulk imports).</summary>
    Task RebuildAsync(CancellationToken cancellationToken, IProgress<RebuildProgress>? progress = null);
}

/// <summary>Told which head feeds changed after a publish (the WebSub hub notifier).</summary>
public interface IFeedChangeNotifier
{
    /// <param name="feedUrls">Absolute URLs of the head feed documents whose content changed.</param>
    Task FeedsChangedAsync(IReadOnlyList<string> feedUrls, CancellationToken cancellationToken);
}

/// <summary>Progress of a full rebuild: which phase, how far into it, out of how many.</summary>
public sealed record RebuildProgress(string Phase, int Done, int Total);
