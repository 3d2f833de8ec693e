namespace Syndication.Core.Delivery;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> followed by the base64 of the key.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;

    /// <summary>The key bytes, or null with a reason when the secret is malformed (length is not checked here).</summary>
    public static byte[]? TryDecode(string? secret, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"must start with '{Prefix}'";
            return null;
        }

        try
        {
            return Convert.FromBase64String(secret[Prefix.Length..]);
        }
        catch (FormatException)
        {
            error = $"must be '{Prefix}' followed by base64";
            return null;
        }
    }

    /// <summary>The key bytes; throws <see cref="FormatException"/> when the secret is malformed.</summary>
    public static byte[] Decode(string secret) =>
        TryDecode(secret, out var error) ?? throw new FormatException($"Webhook secret {error}.");

    /// <summary>Why the secret is unacceptable for a partner, or null when it is fine.</summary>
    public static string? Problem(string? secret)
    {
        var key = TryDecode(secret, out var error);
        if (key is null)
        {
            return error;
        }

        return key.Length is < MinKeyBytes or > MaxKeyBytes
            ? $"must be '{Prefix}' + base64 of {MinKeyBytes}-{MaxKeyBytes} bytes (got {key.Length} bytes)"
            : null;
    }

    /// <summary>A new random secret of 32 bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
