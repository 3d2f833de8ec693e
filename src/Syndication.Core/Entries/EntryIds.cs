using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Syndication.Core.Entries;

/// <summary>Derives entry ids from article blob names and versions from content.</summary>
public static class EntryIds
{
    /// <summary>
    /// A readable, stable id: the slug of the name without extension plus 64 bits of a hash of the full name, so
    /// <c>a.html</c> and <c>a.md</c>, or thousands of <c>index.html</c> in different folders, never collide.
    /// Entries made before ids had 64 bits keep their <see cref="LegacyFromArticleName">shorter id</see>
    /// (<see cref="EntryIdResolver"/>), so their URLs and webhook ids do not move.
    /// </summary>
    public static string FromArticleName(string articleName) => Derive(articleName, 16);

    /// <summary>The id of releases before 64-bit ids: 32 bits of hash.</summary>
    public static string LegacyFromArticleName(string articleName) => Derive(articleName, 8);

    private static string Derive(string articleName, int hexDigits)
    {
        var stem = Path.GetFileNameWithoutExtension(articleName.Replace('\\', '/').Split('/')[^1]);
        var slug = Slug(stem, 60);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(articleName)))[..hexDigits];
        return slug.Length == 0 ? hash : $"{slug}-{hash}";
    }

    /// <summary>Version of an upload: a hash of its bytes.</summary>
    public static string VersionOf(ReadOnlySpan<byte> content) =>
        Convert.ToHexStringLower(SHA256.HashData(content))[..32];

    /// <summary>Lower-case ASCII/Unicode-letter slug with dashes; keeps Cyrillic letters (readable in URLs).</summary>
    public static string Slug(string text, int maxLength = 80)
    {
        var sb = new StringBuilder(text.Length);
        var dash = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (dash && sb.Length > 0)
                {
                    sb.Append('-');
                }

                dash = false;
                sb.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
            }
            else
            {
                dash = true;
            }

            if (sb.Length >= maxLength)
            {
                break;
            }
        }

        return sb.ToString();
    }
}
