using System.Security.Cryptography;
using System.Text;
using Syndication.Core.Entries;

namespace Syndication.Core.Publishing;

/// <summary>
/// What the publisher compares to decide whether an entry's feed items are current: its version, plus its
/// translations when it has any (a sibling arriving or going rewrites an entry's links but not its version).
/// An entry without translations keeps its plain version, so locators written before stories stay current.
/// </summary>
public static class FeedRevision
{
    public static string Of(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Translations.Count == 0)
        {
            return entry.Version;
        }

        var links = string.Join('\n', entry.Translations.Select(t => $"{t.Language} {t.Url} {t.EntryId}"));
        return entry.Version + "+" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(links)).AsSpan(0, 6));
    }
}
