using System.Security.Cryptography;
using System.Text;

namespace Syndication.Core.Entries;

/// <summary>
/// Stable, globally unique ids (<c>urn:uuid:</c>, name-based) for entries and feeds. Feeds use them as Atom ids and
/// RSS guids, ninjs payloads as <c>uri</c>, so a partner can match a webhook to a feed entry.
/// </summary>
public static class EntryUrns
{
    /// <summary>The id of an entry: derived from the entry id only, so a new host or URL never changes it.</summary>
    public static string Entry(string entryId) => NameBased("entry:" + entryId);

    /// <summary>The id of a feed scope (all documents of one scope share it, as RFC 5005 archives do).</summary>
    public static string Feed(string scopePath) => NameBased("feed:" + scopePath);

    private static string NameBased(string name)
    {
        // RFC 9562 version 8 (custom) layout over SHA-256 of the name: deterministic and well-formed.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("syndication:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
