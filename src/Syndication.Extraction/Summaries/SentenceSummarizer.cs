using System.Text;
using Syndication.Core.Articles;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Summaries;

/// <summary>
/// Extractive summary: the page's own description when it is a real summary, otherwise the article's lead — whole
/// sentences up to the length limit, cut at a word boundary only when the first sentence alone is too long.
/// </summary>
public sealed class SentenceSummarizer : ISummarizer
{
    private const int MinDescriptionChars = 80;

    // Headings, captions and datelines are short paragraphs; a lead is made of the real ones.
    private const int MinLeadParagraphChars = 60;

    public string Summarize(ExtractedArticle article, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var source = IsRealSummary(article.Description, article) ? article.Description! : Lead(article.Text);
        return Shorten(source, maxChars);
    }

    private static string Lead(string text)
    {
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var real = paragraphs.Where(p => p.Length >= MinLeadParagraphChars).ToList();
        return string.Join('\n', real.Count > 0 ? real : [.. paragraphs]);
    }

    /// <summary>Whole sentences of <paramref name="text"/> that fit in <paramref name="maxChars"/>.</summary>
    public static string Shorten(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceSplitter.Split(text);
        var summary = new StringBuilder();
        foreach (var sentence in sentences)
        {
            var needed = summary.Length == 0 ? sentence.Length : summary.Length + 1 + sentence.Length;
            if (needed > maxChars)
            {
                break;
            }

            if (summary.Length > 0)
            {
                summary.Append(' ');
            }

            summary.Append(sentence);
        }

        if (summary.Length > 0)
        {
            return summary.ToString();
        }

        return sentences.Count == 0 ? "" : CutAtWord(sentences[0], maxChars);
    }

    private static string CutAtWord(string sentence, int maxChars)
    {
        if (sentence.Length <= maxChars)
        {
            return sentence;
        }

        var limit = Math.Max(0, maxChars - 1); // room for the ellipsis
        var cut = limit;
        while (cut > 0 && !char.IsWhiteSpace(sentence[cut]))
        {
            cut--;
        }

        if (cut == 0)
        {
            // One enormous word (a URL, a Korean run without spaces): never split a surrogate pair.
            cut = limit;
            if (cut > 0 && char.IsHighSurrogate(sentence[cut - 1]))
            {
                cut--;
            }
        }

        var head = sentence[..cut].TrimEnd(' ', ',', ';', ':', '-', '—', '–');
        return head.Length == 0 ? "" : head + "…";
    }

    /// <summary>
    /// A description is a real summary when it is long enough to say something, is not the headline again, is not the
    /// text's first words cut off by the CMS, and is not the same boilerplate every page of a site carries.
    /// </summary>
    public static bool IsRealSummary(string? description, ExtractedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (string.IsNullOrWhiteSpace(description) || description.Length < MinDescriptionChars)
        {
            return false;
        }

        var trimmed = description.Trim();
        if (string.Equals(trimmed, article.Title, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (trimmed.EndsWith("...", StringComparison.Ordinal) || trimmed.EndsWith('…'))
        {
            return false; // an automatic cut of the lead: the lead itself reads better
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (words < 8)
        {
            return false;
        }

        // A description in another language than the article (the site's default) does not summarise it.
        var language = LanguageDetector.Detect(trimmed);
        return article.Language is null || language is null || language == article.Language;
    }
}
