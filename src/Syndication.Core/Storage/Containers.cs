namespace Syndication.Core.Storage;

/// <summary>The blob containers of the storage layout (ARCHITECTURE.md); folders of the same names locally.</summary>
public static class Containers
{
    public const string Articles = "articles";
    public const string Entries = "entries";
    public const string Feeds = "feeds";
    public const string Quarantine = "quarantine";
    public const string Config = "config";
    public const string Deliveries = "deliveries";

    /// <summary>Private bookkeeping of feed publishing (scope indexes, archive page data, entry locators).</summary>
    public const string Publishing = "publishing";

    /// <summary>Private bookkeeping of the entry journal (the outbox of pending announcements).</summary>
    public const string Journal = "journal";

    /// <summary>The built-in WebSub hub's subscriptions.</summary>
    public const string WebSub = "websub";

    public static IReadOnlyList<string> All { get; } = [Articles, Entries, Feeds, Quarantine, Config, Deliveries, Publishing, Journal, WebSub];
}
