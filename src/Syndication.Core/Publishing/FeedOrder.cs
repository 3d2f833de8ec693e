using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>The order of entries in every feed.</summary>
public static class FeedOrder
{
    /// <summary>Newest published first; ties broken by id so the order is stable.</summary>
    public static Comparison<Entry> NewestFirst { get; } = (a, b) =>
    {
        var byDate = b.Published.CompareTo(a.Published);
        return byDate != 0 ? byDate : string.CompareOrdinal(a.Id, b.Id);
    };

    public static int Compare(Entry a, Entry b) => NewestFirst(a, b);
}
