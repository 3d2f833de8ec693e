using System.Text;

namespace Syndication.Extraction.Summaries;

/// <summary>
/// Splits English, Russian and Kazakh text into sentences without breaking at abbreviations ("Mr.", "т.е.", "ж."),
/// initials ("Н. Назарбаев"), decimal numbers ("3.5") or inside quotes.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        // English
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "u.s",
        "u.k", "u.n", "no", "nos", "vol", "fig", "approx", "dept", "est", "gen", "gov", "sen", "rep", "rev", "capt", "col", "lt",
        "sgt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mln", "bn", "pp", "p", "ed",
        "al", "cf", "ca",
        // Russian
        "г", "гг", "т.е", "т.д", "т.п", "т.к", "т.н", "т", "д", "им", "ул", "пр", "просп", "стр", "млн", "млрд", "тыс", "руб",
        "долл", "проф", "акад", "см", "др", "напр", "обл", "р", "с", "ст", "гл", "кв", "км", "рис", "табл", "пос", "с.г", "н.э",
        "до н.э", "в", "вв", "мин", "тг", "зам", "ген", "рук", "пред",
        // Kazakh
        "ж", "жж", "т.б", "т.с.с", "б.з.б", "б.з", "ғ", "ғғ", "көш", "қ", "обл", "мың", "млн", "млрд", "бб", "тг",
    };

    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        foreach (var paragraph in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            SplitParagraph(paragraph, sentences);
        }

        return sentences;
    }

    private static void SplitParagraph(string text, List<string> sentences)
    {
        var start = 0;
        var quoteDepth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '«' or '“' or '„')
            {
                quoteDepth++;
                continue;
            }

            if (c is '»' or '”')
            {
                quoteDepth = Math.Max(0, quoteDepth - 1);
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…' or '。'))
            {
                continue;
            }

            // Take the whole run of terminal punctuation and any closing quotes/brackets after it.
            var end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '…')
            {
                end++;
            }

            var closes = end;
            while (closes < text.Length && text[closes] is '"' or '\'' or '»' or '”' or '’' or ')' or ']')
            {
                if (text[closes] is '»' or '”')
                {
                    quoteDepth = Math.Max(0, quoteDepth - 1);
                }

                closes++;
            }

            if (closes < text.Length && !char.IsWhiteSpace(text[closes]) && c != '。')
            {
                i = end - 1;
                continue; // "3.5", "e.g.x", "example.com"
            }

            var next = closes;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < text.Length && !StartsSentence(text[next]))
            {
                i = end - 1;
                continue;
            }

            if (c == '.' && end == i + 1 && IsAbbreviationOrInitial(text, start, i))
            {
                continue;
            }

            if (quoteDepth > 0 && closes == end)
            {
                // Inside an open quotation: a sentence of the quote, not of the text.
                i = end - 1;
                continue;
            }

            Add(sentences, text[start..closes]);
            start = next;
            i = next - 1;
        }

        if (start < text.Length)
        {
            Add(sentences, text[start..]);
        }
    }

    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '«' or '"' or '“' or '„' or '\'' or '(' or '[' or '—' or '–' or '-' || !char.IsLetter(c) || IsCaseless(c);

    private static bool IsCaseless(char c) => char.IsLetter(c) && !char.IsUpper(c) && !char.IsLower(c);

    private static bool IsAbbreviationOrInitial(string text, int start, int dot)
    {
        var wordStart = dot;
        while (wordStart > start && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '«' or '"'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.Length == 0)
        {
            return false;
        }

        // A single capital letter is an initial ("A. Smith", "Қ.-Ж. Тоқаев").
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }

        if (word.Length <= 4 && word.Contains('.', StringComparison.Ordinal) && word.Split('.').All(p => p.Length <= 2))
        {
            return true; // "U.S", "т.е", "Ж.Б"
        }

        var builder = new StringBuilder(word.Length);
        foreach (var ch in word)
        {
            if (char.IsLetter(ch) || ch == '.')
            {
                builder.Append(ch);
            }
        }

        return Abbreviations.Contains(builder.ToString());
    }

    private static void Add(List<string> sentences, string sentence)
    {
        sentence = sentence.Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }
    }
}
