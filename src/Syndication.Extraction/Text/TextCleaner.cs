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
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsValidXmlChar(c))
            {
                return i;
            }
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
