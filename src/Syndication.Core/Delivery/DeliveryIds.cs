using System.Security.Cryptography;
using System.Text;

namespace Syndication.Core.Delivery;

/// <summary>Deterministic <c>webhook-id</c>s.</summary>
public static class DeliveryIds
{
    /// <summary>
    /// <c>msg_</c> + a hash of (entry id, version, event type, partner id): the same change to the same partner
    /// always gets the same id, so retries and repeated announcements are recognisable. The event type is part of
    /// it because a deletion carries the last version, which the publication carried too.
    /// </summary>
    public static string For(string entryId, string version, string eventType, string partnerId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{entryId}\n{version}\n{eventType}\n{partnerId}"));
        return "msg_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// The id of the <paramref name="seq"/>-th delivery a story causes for a oneLanguagePerStory partner: the same
    /// translation may be sent more than once in a story's life (replaced by a preferred one that is deleted later).
    /// </summary>
    public static string ForStory(string entryId, string version, string eventType, string partnerId, string story, int seq)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{entryId}\n{version}\n{eventType}\n{partnerId}\n{story}\n{seq}"));
        return "msg_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id we issue (safe to use in a blob name).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 4 and <= 100 } && id.StartsWith("msg_", StringComparison.Ordinal) && id.Skip(4).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
