namespace Syndication.Extraction.Text;

/// <summary>Language of a text from its script and, for Cyrillic, the letters only Kazakh uses.</summary>
public static class LanguageDetector
{
    // Letters of the Kazakh alphabet that Russian lacks (і is shared with Ukrainian, so it only counts with the others).
    private const string KazakhLetters = "әғқңөұүһӘҒҚҢӨҰҮҺ";
    private const int SampleChars = 20_000;

    /// <summary>Lower-case primary language tag of <paramref name="text"/>, or null when it has too few letters to tell.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        int latin = 0, cyrillic = 0, kazakh = 0, ukrainian = 0, hangul = 0, kana = 0, han = 0, arabic = 0, greek = 0, i = 0;
        var sample = text.Length > SampleChars ? text.AsSpan(0, SampleChars) : text.AsSpan();
        foreach (var c in sample)
        {
            if (c < 0x80)
            {
                if (char.IsAsciiLetter(c))
                {
                    latin++;
                }

                continue;
            }

            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
                if (KazakhLetters.Contains(c, StringComparison.Ordinal))
                {
                    kazakh++;
                }
                else if (c is 'і' or 'І')
                {
                    i++;
                }
                else if (c is 'ї' or 'є' or 'ґ' or 'Ї' or 'Є' or 'Ґ')
                {
                    ukrainian++;
                }
            }
            else if (c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F')
            {
                hangul++;
            }
            else if (c is >= '\u3040' and <= '\u30FF')
            {
                kana++;
            }
            else if (c is >= '\u4E00' and <= '\u9FFF')
            {
                han++;
            }
            else if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
            else if (c is >= '\u0370' and <= '\u03FF')
            {
                greek++;
            }
            else if (char.IsLetter(c))
            {
                latin++;
            }
        }

        var max = new[] { latin, cyrillic, hangul, kana + han, arabic, greek }.Max();
        if (max < 3)
        {
            return null;
        }

        if (max == hangul)
        {
            return "ko";
        }

        if (max == kana + han)
        {
            return kana > 0 ? "ja" : "zh";
        }

        if (max == arabic)
        {
            return "ar";
        }

        if (max == greek)
        {
            return "el";
        }

        if (max == cyrillic)
        {
            if (IsKazakh(kazakh, i, cyrillic))
            {
                return "kk";
            }

            return ukrainian * 100 > cyrillic ? "uk" : "ru";
        }

        return "en";
    }

    /// <summary>True when a Cyrillic text has enough Kazakh-only letters to be Kazakh rather than Russian.</summary>
    public static bool LooksKazakh(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int cyrillic = 0, kazakh = 0, i = 0;
        var sample = text.Length > SampleChars ? text.AsSpan(0, SampleChars) : text.AsSpan();
        foreach (var c in sample)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
                if (KazakhLetters.Contains(c, StringComparison.Ordinal))
                {
                    kazakh++;
                }
                else if (c is 'і' or 'І')
                {
                    i++;
                }
            }
        }

        return IsKazakh(kazakh, i, cyrillic);
    }

    // In running Kazakh text these letters make up roughly 8-12% of all letters; a Russian text quoting a Kazakh
    // name stays far below 2%.
    private static bool IsKazakh(int kazakh, int i, int cyrillic) => cyrillic > 0 && (kazakh + i) * 100 >= cyrillic * 2 && kazakh >= 2;
}
