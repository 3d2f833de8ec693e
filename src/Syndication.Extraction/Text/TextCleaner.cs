using System.Text;

namespace Syndication.Extraction.Text;

/// <summary>Whitespace and character hygiene shared by every extracted field.</summary>
public static class TextCleaner
{
    /// <summary>
    /// Removes characters XML 1.0 cannot carry (C0 controls other than tab/newline, lone surrogates, U+FFFE/U+FFFF),
    /// so no feed built from the text can break.
    /// </summary>
    public static string RemoveXmlInvalid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = FirstInvalid(value);
        if (index < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        builder.Append(value, 0, index);
        for (var i = index; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (IsValidXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int FirstInvalid(string value)
    {
        // Almost every character of any script we publish is in U+0020-U+D7FF: a vectorised search skips to the few
        // that are not (line breaks, tabs, fullwidth forms, surrogate pairs) and only those are looked at.
        var span = value.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var next = span[i..].IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i += 2;
                continue;
            }

            if (!IsValidXmlChar(c))
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    private static bool IsValidXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);

    /// <summary>Collapses runs of whitespace (including no-break spaces) to single spaces and trims.</summary>
    public static string Collapse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return RemoveXmlInvalid(builder.ToString());
    }

    /// <summary>Collapses whitespace or returns null when nothing is left.</summary>
    public static string? CollapseOrNull(string? value)
    {
        var collapsed = Collapse(value);
        return collapsed.Length == 0 ? null : collapsed;
    }
}
