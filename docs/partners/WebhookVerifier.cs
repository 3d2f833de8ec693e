using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Partner.Webhooks;

/// <summary>Checks a Syndication webhook (Standard Webhooks 1.0) with .NET's built-in HMAC only.</summary>
public static class WebhookVerifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True when the timestamp is within five minutes of <paramref name="now"/> and one of the <c>v1</c> signatures
    /// matches. <paramref name="body"/> is the raw request body, exactly as received (do not re-serialise the JSON).
    /// </summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signatures, byte[] body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        var expected = HMACSHA256.HashData(key, signed);

        // During a key rotation the header holds several space-separated "v1,<base64>" signatures.
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = candidate.Split(',', 2);
            var given = new byte[expected.Length];
            if (parts is ["v1", var signature] && Convert.TryFromBase64String(signature, given, out var written)
                && written == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }
}
