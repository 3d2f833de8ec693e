using System.Text;
using System.Text.RegularExpressions;
using Syndication.Core.Articles;
using UtfUnknown;

namespace Syndication.Extraction.Decoding;

/// <summary>
/// Turns upload bytes into text the way a browser would: BOM, then the content type's charset, then UTF-16 without a BOM, then a
/// <c>&lt;meta&gt;</c> declaration, then valid UTF-8, then statistical detection.
/// </summary>
public static partial class PageDecoder
{
    // Browsers look for the meta charset in the first 1024 bytes; CMS templates often put it later, so look further.
    private const int MetaScanBytes = 16 * 1024;
    private const int BinaryScanBytes = 8 * 1024;

    static PageDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="source"/>; throws <see cref="ExtractionException"/> for empty or binary input.</summary>
    public static string Decode(ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bytes = source.Content.Span;
        if (IsBlank(bytes))
        {
            throw new ExtractionException($"'{source.Name}' is empty: there is no article to publish.");
        }

        if (LooksBinary(bytes, out var kind))
        {
            throw new ExtractionException($"'{source.Name}' is not a text page ({kind}); upload the article as HTML or Markdown.");
        }

        var encoding = DetectEncoding(bytes, source.ContentType, out var bomLength);
        var text = encoding.GetString(bytes[bomLength..]);
        return text;
    }

    /// <summary>Picks the encoding of <paramref name="bytes"/>; <paramref name="bomLength"/> is the number of BOM bytes to skip.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> bytes, string? contentType, out int bomLength)
    {
        bomLength = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bomLength = 3;
            return Utf8;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            bomLength = 2;
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            bomLength = 2;
            return Encoding.BigEndianUnicode;
        }

        if (FromLabel(CharsetOfContentType(contentType)) is { } declared)
        {
            return declared;
        }

        if (Utf16WithoutBom(bytes) is { } utf16)
        {
            return utf16;
        }

        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, MetaScanBytes)]);
        if (FromLabel(CharsetOfMeta(head)) is { } meta)
        {
            // A page saved as UTF-8 that still carries its old meta declaration is common; trust valid UTF-8 with non-ASCII bytes.
            return meta is not UTF8Encoding && meta.CodePage != 20127 && IsNonAsciiUtf8(bytes) ? Utf8 : meta;
        }

        if (IsValidUtf8(bytes))
        {
            return Utf8;
        }

        var detected = CharsetDetector.DetectFromBytes(bytes.ToArray()).Detected;
        if (detected?.Encoding is { } encoding && detected.Confidence > 0.2f)
        {
            return encoding;
        }

        return Encoding.GetEncoding(1252);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The charset parameter of a MIME content type, if any.</summary>
    public static string? CharsetOfContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var match = CharsetParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string? CharsetOfMeta(string head)
    {
        foreach (Match tag in MetaTag().Matches(head))
        {
            var value = tag.Value;
            var direct = MetaCharsetAttribute().Match(value);
            if (direct.Success)
            {
                return direct.Groups[1].Value;
            }

            if (value.Contains("http-equiv", StringComparison.OrdinalIgnoreCase) && value.Contains("content-type", StringComparison.OrdinalIgnoreCase))
            {
                var parameter = CharsetParameter().Match(value);
                if (parameter.Success)
                {
                    return parameter.Groups[1].Value;
                }
            }
        }

        return null;
    }

    private static Encoding? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        label = label.Trim().Trim('"', '\'').ToLowerInvariant();
        // WHATWG: these labels mean windows-1252 / UTF-8 in practice.
        label = label switch
        {
            "iso-8859-1" or "latin1" or "us-ascii" or "ascii" => "windows-1252",
            "utf8" or "unicode-1-1-utf-8" => "utf-8",
            "cp1251" or "win-1251" or "x-cp1251" => "windows-1251",
            "koi8r" => "koi8-r",
            // A page that calls itself UTF-16 but has no BOM was almost always re-saved as UTF-8 (WHATWG says so too).
            "utf-16" or "utf-16le" or "utf-16be" => "utf-8",
            _ => label,
        };
        try
        {
            var encoding = Encoding.GetEncoding(label);
            return encoding is UTF8Encoding ? Utf8 : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not (0x20 or 0x09 or 0x0A or 0x0D or 0xEF or 0xBB or 0xBF or 0xFE or 0xFF or 0x00))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes, out string kind)
    {
        kind = bytes switch
        {
            [0x89, 0x50, 0x4E, 0x47, ..] => "a PNG image",
            [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
            [0x47, 0x49, 0x46, 0x38, ..] => "a GIF image",
            [0x25, 0x50, 0x44, 0x46, ..] => "a PDF document",
            [0x50, 0x4B, 0x03, 0x04, ..] => "a ZIP archive or Office document",
            [0x1F, 0x8B, ..] => "a gzip archive",
            [0x52, 0x49, 0x46, 0x46, ..] => "a RIFF media file",
            [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office document",
            _ => "",
        };
        if (kind.Length > 0)
        {
            return true;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || Utf16WithoutBom(bytes) is not null)
        {
            return false;
        }

        var head = bytes[..Math.Min(bytes.Length, BinaryScanBytes)];
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                kind = "it contains NUL bytes";
                return true;
            }

            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D or 0x1B))
            {
                control++;
            }
        }

        if (control * 10 > head.Length)
        {
            kind = "it is mostly control bytes";
            return true;
        }

        return false;
    }

    /// <summary>
    /// UTF-16 saved without a byte-order mark (some Windows editors and exports do): HTML markup is ASCII, so one byte
    /// of most pairs is NUL, always at the same place: the first for big-endian, the second for little-endian. Binary
    /// files have NULs too, but not in that strict pattern, and such a page must not decode as text.
    /// </summary>
    private static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..(Math.Min(bytes.Length, 1024) & ~1)];
        if (head.Length < 16)
        {
            return null;
        }

        var (evenNuls, oddNuls) = (0, 0);
        for (var i = 0; i < head.Length; i += 2)
        {
            evenNuls += head[i] == 0 ? 1 : 0;
            oddNuls += head[i + 1] == 0 ? 1 : 0;
        }

        var pairs = head.Length / 2;
        return (evenNuls, oddNuls) switch
        {
            var (e, o) when e * 2 >= pairs && o == 0 && IsUtf16Text(bytes, Encoding.BigEndianUnicode) => Encoding.BigEndianUnicode,
            var (e, o) when o * 2 >= pairs && e == 0 && IsUtf16Text(bytes, Encoding.Unicode) => Encoding.Unicode,
            _ => null,
        };
    }

    /// <summary>Whether the first kilobyte decodes to text with a '&lt;' in it and no control characters but line ends and tabs.</summary>
    private static bool IsUtf16Text(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        var text = encoding.GetString(bytes[..(Math.Min(bytes.Length, 1024) & ~1)]);
        return text.Contains('<', StringComparison.Ordinal) && !text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f'));
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static bool IsNonAsciiUtf8(ReadOnlySpan<byte> bytes) => !System.Text.Ascii.IsValid(bytes) && IsValidUtf8(bytes);

    [GeneratedRegex("""charset\s*=\s*["']?([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex("""<meta\b[^>]*>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTag();

    [GeneratedRegex("""\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetAttribute();
}
