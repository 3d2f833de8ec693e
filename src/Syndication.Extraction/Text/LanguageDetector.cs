namespace Syndication.Extraction.Text;

/// <summary>
/// Language of a text from its script; for Cyrillic, the letters only Kazakh uses; for Latin script, the commonest
/// function words of English, German, French, Spanish, Portuguese, Italian, Dutch and Indonesian.
/// </summary>
public static class LanguageDetector
{
    // Letters of the Kazakh alphabet that Russian lacks (і is shared with Ukrainian, so it only counts with the others).
    private const string KazakhLetters = "әғқңөұүһӘҒҚҢӨҰҮҺ";
    private const int SampleChars = 20_000;

    /// <summary>Lower-case primary language tag of <paramref name="text"/>, or null when it has too few letters to tell.</summary>
    public static string? Detect(string? text) => Detect(text, out _);

    /// <summary>
    /// Like <see cref="Detect(string?)"/>, but only answers when the text leaves no doubt: then it may overrule what a
    /// page declares (CMS templates put the site's language on every page, whatever the article is written in).
    /// </summary>
    public static string? DetectConfidently(string? text) => Detect(text, out var confident) is { } language && confident ? language : null;

    /// <summary>The script decides outright; Latin-script text is only <paramref name="confident"/> on clear function words.</summary>
    private static string? Detect(string? text, out bool confident)
    {
        confident = true;
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

        var max = Math.Max(Math.Max(latin, cyrillic), Math.Max(Math.Max(hangul, kana + han), Math.Max(arabic, greek)));
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

        return LatinLanguage(sample, out confident) ?? "en";
    }

    private static readonly string[] Latin = ["en", "de", "fr", "es", "pt", "it", "nl", "id"];

    // The commonest function words of each Latin-script language we tell apart; words several languages share count
    // for each of them, the distinctive ones decide.
    private static readonly Dictionary<string, int[]> FunctionWords = BuildFunctionWords(
        "the and of to in is that for with was on are it this be by from have has not but were",
        "der die und das ist nicht mit sich auf für ein eine dem den von zu auch wird werden sind im",
        "le la les et des est une dans que qui pour pas sur du au avec sont plus ce il",
        "el la los las y que del en por con una para es se al lo como más pero su",
        "o a os as e que do da dos das em um uma para com não se por é mais ao",
        "il la di che e è per un una non con del della sono gli le si anche al nel",
        "de het een en van is dat niet op te voor met zijn ook aan er maar wordt",
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada adalah");

    private static Dictionary<string, int[]> BuildFunctionWords(params string[] lists)
    {
        var words = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var language = 0; language < lists.Length; language++)
        {
            foreach (var word in lists[language].Split(' '))
            {
                if (!words.TryGetValue(word, out var languages))
                {
                    words[word] = languages = [];
                }

                languages.Add(language);
            }
        }

        return words.ToDictionary(w => w.Key, w => w.Value.ToArray(), StringComparer.Ordinal);
    }

    private static string? LatinLanguage(ReadOnlySpan<char> sample, out bool confident)
    {
        Span<int> scores = stackalloc int[Latin.Length];
        var lookup = FunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[16];
        var start = -1;
        for (var k = 0; k <= sample.Length; k++)
        {
            if (k < sample.Length && char.IsLetter(sample[k]))
            {
                start = start < 0 ? k : start;
                continue;
            }

            if (start >= 0 && k - start <= lower.Length)
            {
                var word = lower[..(k - start)];
                sample[start..k].ToLowerInvariant(word);
                if (lookup.TryGetValue(word, out var languages))
                {
                    foreach (var language in languages)
                    {
                        scores[language]++;
                    }
                }
            }

            start = -1;
        }

        int best = 0, second = -1;
        for (var language = 1; language < scores.Length; language++)
        {
            if (scores[language] > scores[best])
            {
                second = best;
                best = language;
            }
            else if (second < 0 || scores[language] > scores[second])
            {
                second = language;
            }
        }

        var runnerUp = second < 0 ? 0 : scores[second];
        confident = scores[best] >= 8 && scores[best] * 2 >= runnerUp * 3;
        return scores[best] >= 3 ? Latin[best] : null;
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
