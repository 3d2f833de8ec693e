using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Syndication.Core.Delivery;

namespace Syndication.Delivery;

/// <summary>Standard Webhooks 1.0 signatures: <c>v1,&lt;base64 HMAC-SHA256(key, "id.timestamp.body")&gt;</c>.</summary>
public static class WebhookSigner
{
    /// <summary>How far a timestamp may be from now for <see cref="Verify"/> (the spec's recommended tolerance).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>One <c>v1,…</c> signature.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = WebhookSecret.Decode(secret);
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The <c>webhook-signature</c> header value: one signature per secret, space-separated (secret rotation).</summary>
    public static string SignatureHeader(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));

    /// <summary>
    /// Checks a received webhook as a partner would: the timestamp is within <see cref="Tolerance"/> of
    /// <paramref name="now"/> and one of the header's <c>v1</c> signatures matches (constant-time compare).
    /// Returns null when valid, else the reason.
    /// </summary>
    public static string? Verify(string secret, string? messageId, string? timestamp, string? signatureHeader, string body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature header";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"webhook-timestamp '{timestamp}' is not Unix seconds";
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sent).Duration() > Tolerance)
        {
            return $"webhook-timestamp {sent:u} is more than {Tolerance.TotalMinutes} minutes from now";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, seconds, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
            {
                return null;
            }
        }

        return "no signature matches the secret";
    }
}
