using System.Globalization;
using System.Text;

namespace Syndication.Core.Entries;

/// <summary>
/// Tags as URLs and as filters. Slugs keep what tells tags apart: <c>C++</c> → <c>c-plus-plus</c>, <c>C#</c> →
/// <c>c-sharp</c>, <c>R&amp;D</c> → <c>r-and-d</c>, distinct from <c>c</c> and <c>r-d</c>; other punctuation and spaces
/// become single dashes, letters of any script stay (lower-case). A tag without those characters keeps the slug it
/// always had, so existing tag feed URLs do not move.
/// </summary>
public static class TagNames
{
    private static readonly Dictionary<char, string> Spoken = new()
    {
        ['+'] = "plus",
        ['#'] = "sharp",
        ['&'] = "and",
        ['@'] = "at",
    };

    public static string Slug(string tag, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var sb = new StringBuilder(tag.Length + 8);
        var dash = false;
        foreach (var ch in tag.Normalize(NormalizationForm.FormC))
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
            else if (Spoken.TryGetValue(ch, out var word))
            {
                if (sb.Length > 0)
                {
                    sb.Append('-');
                }

                sb.Append(word);
                dash = true;
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

        return sb.Length > maxLength ? sb.ToString(0, maxLength).TrimEnd('-') : sb.ToString();
    }

    /// <summary>
    /// Whether two tags are the same tag: equal ignoring case, Unicode compatibility forms, surrounding space, and
    /// how words are separated (space, dash, underscore). <c>C++</c>, <c>C#</c> and <c>C</c> stay three tags.
    /// </summary>
    public static bool Same(string a, string b) =>
        string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);

    private static string Normalise(string tag)
    {
        var sb = new StringBuilder(tag.Length);
        var gap = false;
        foreach (var ch in tag.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(ch) || ch is '-' or '_')
            {
                gap = sb.Length > 0;
                continue;
            }

            if (gap)
            {
                sb.Append(' ');
                gap = false;
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }
}
