using System.Text.RegularExpressions;
using Syndication.Extraction.Text;

namespace Syndication.Extraction.Html;

/// <summary>What <see cref="DateLineFilter"/> kept, and the dates and author the removed lines named.</summary>
internal sealed record DateLines(IReadOnlyList<ContentBlock> Blocks, DateTimeOffset? Published, DateTimeOffset? Updated, string? Author);

/// <summary>
/// Removes the short lines at the top and bottom of a body that only say when and by whom it was written ("Опубликовано:
/// 11 ноября 2024", "Последнее обновление: 12.11.2024 10:20", "By Jane Doe | November 11, 2024", "입력 2024.11.11 수정
/// 2024.11.12", "Автор: Руслан Байжанов"): they are metadata, not the article's text. The dates and byline they carried are
/// returned, the first publication apart from the revision.
/// </summary>
internal static partial class DateLineFilter
{
    // Date and byline lines sit beside the headline or at the very end; further in, a dated line is part of the story.
    private const int Edge = 4;
    private const int MaxLineLength = 160;
    private const int MaxLeftoverLetters = 30;
    private const int MaxLeftoverWords = 3;

    public static DateLines Apply(IReadOnlyList<ContentBlock> blocks)
    {
        var text = new List<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Kind is not (BlockKind.Image or BlockKind.Caption))
            {
                text.Add(i);
            }
        }

        DateTimeOffset? published = null, updated = null;
        string? author = null;
        var removed = new HashSet<int>();
        foreach (var index in text.Take(Edge).Concat(text.Skip(Math.Max(Edge, text.Count - Edge))))
        {
            var line = TextCleaner.Collapse(blocks[index].Text.Replace("\n", " | ", StringComparison.Ordinal));
            if (!IsDateOrBylineLine(line, out var lineAuthor))
            {
                continue;
            }

            removed.Add(index);
            published ??= DateParser.ParsePublished(line);
            updated ??= DateParser.ParseUpdated(line);
            author ??= lineAuthor;
        }

        if (removed.Count == 0 || removed.Count == text.Count)
        {
            // Nothing to remove, or nothing but such lines: the page is then not an article we could cut down.
            return new DateLines(blocks, published, updated, author);
        }

        return new DateLines(blocks.Where((_, i) => !removed.Contains(i)).ToList(), published, updated, author);
    }

    /// <summary>
    /// Whether <paramref name="line"/> is only a date and/or a byline: once dates, the byline, times and words such as
    /// "published", "updated", "입력", "Последнее обновление" are taken out, at most a few words are left.
    /// </summary>
    public static bool IsDateOrBylineLine(string line, out string? author)
    {
        author = null;
        if (line.Length is 0 or > MaxLineLength)
        {
            return false;
        }

        var rest = line;
        if (MetadataReader.BylineMatch(rest) is { } byline && MetadataReader.Authorish(byline.Groups[1].Value) is { } name)
        {
            author = name;
            rest = rest.Remove(byline.Index, byline.Length).Insert(byline.Index, " ");
        }

        var dates = DateParser.FindAll(rest);
        if (author is null && dates.Count == 0)
        {
            return false;
        }

        for (var i = dates.Count - 1; i >= 0; i--)
        {
            rest = rest.Remove(dates[i].Index, dates[i].Length).Insert(dates[i].Index, " ");
        }

        rest = Times().Replace(rest, " ");
        rest = Markers().Replace(rest, " ");
        var words = 0;
        var letters = 0;
        foreach (var word in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var wordLetters = word.Count(char.IsLetter);
            if (wordLetters > 0)
            {
                words++;
                letters += wordLetters;
            }
        }

        return words <= MaxLeftoverWords && letters <= MaxLeftoverLetters;
    }

    [GeneratedRegex(@"\b\d{1,2}[:.]\d{2}(?::\d{2})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Times();

    // The words of date lines in the languages we publish and receive: what the date is, weekdays, time zones, particles.
    [GeneratedRegex(@"\b(?:(?:first |last |originally )?(?:published|posted|updated|modified|revised)(?: on| at)?|date|time|on|at|am|pm|gmt|utc|msk|almt|est|edt|cet|cest|kst|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|опубликовано|опубликован[ао]?|дата|публикации|последнее|обновление|обновлено|обновлен[ао]?|изменено|изменения|в|г|года|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|жарияланған|жарияланды|жаңартылған|жаңартылды|соңғы|жаңарту|уақыты|күні|жылы|ж|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі|입력|수정|등록|작성일|업데이트|기사입력|최종수정|승인|오전|오후|월요일|화요일|수요일|목요일|금요일|토요일|일요일)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markers();
}
