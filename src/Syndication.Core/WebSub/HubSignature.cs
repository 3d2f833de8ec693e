using System.Security.Cryptography;
using System.Text;

namespace Syndication.Core.WebSub;

/// <summary><c>X-Hub-Signature: sha256=&lt;hex HMAC of the body&gt;</c> (WebSub §8; SHA-1 is never used).</summary>
public static class HubSignature
{
    public const string HeaderName = "X-Hub-Signature";

    public static string Header(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Checks a received header the way a subscriber does (constant-time).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Header(secret, body));
        var actual = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
