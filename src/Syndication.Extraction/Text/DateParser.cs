using System.Globalization;
using System.Text.RegularExpressions;

namespace Syndication.Extraction.Text;

/// <summary>
/// Parses machine dates (ISO 8601 and friends) and dates written for readers in English, Russian, Kazakh, Korean and the
/// numeric forms ("11.11.2024", "2024.11.11", "2024년 11월 11일"), and tells a publication date from a "last updated" one.
/// </summary>
public static partial class DateParser
{
    private static readonly string[] MachineFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd", "yyyyMMdd'T'HHmmssK", "yyyyMMdd", "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd",
    ];

    private static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>Parses a date from a meta tag, JSON-LD or <c>&lt;time datetime&gt;</c>; values without an offset are UTC.</summary>
    public static DateTimeOffset? ParseMachine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        // "+0600" offsets and a trailing "Z" after an offset both occur in the wild.
        value = OffsetWithoutColon().Replace(value, "$1$2:$3");
        if (DateTimeOffset.TryParseExact(value, MachineFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var exact))
        {
            return Plausible(exact);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose))
        {
            return Plausible(loose);
        }

        return ParseText(value);
    }

    /// <summary>Finds the first date a reader would recognise in <paramref name="text"/> ("11.11.2024", "11 ноября 2024", "11 қараша 2024", "November 11, 2024").</summary>
    public static DateTimeOffset? ParseText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        DateTimeOffset? best = null;
        var bestIndex = int.MaxValue;
        foreach (var (regex, kind) in Patterns)
        {
            foreach (Match match in regex.Matches(text))
            {
                if (match.Index >= bestIndex)
                {
                    break;
                }

                var date = FromMatch(match, kind);
                if (date is not null)
                {
                    best = date;
                    bestIndex = match.Index;
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The first date in <paramref name="text"/> that is not marked as a revision ("Updated: …", "Последнее обновление: …",
    /// "Жаңартылған: …", "수정 …"): a line may carry both, and a line that carries only the revision has no publication date.
    /// </summary>
    public static DateTimeOffset? ParsePublished(string? text) => ParseMarked(text, updated: false);

    /// <summary>The first date in <paramref name="text"/> marked as a revision ("Updated: …", "Обновлено …"), if any.</summary>
    public static DateTimeOffset? ParseUpdated(string? text) => ParseMarked(text, updated: true);

    /// <summary>Whether <paramref name="text"/> names a revision ("updated", "обновление", "жаңартылған", "수정").</summary>
    public static bool MentionsUpdate(string? text) => text is not null && UpdateMarker().IsMatch(text);

    /// <summary>Every date a reader would recognise in <paramref name="text"/>, with where it starts and ends, in text order.</summary>
    public static List<(int Index, int Length, DateTimeOffset Date)> FindAll(string text)
    {
        var found = new List<(int Index, int Length, DateTimeOffset Date)>();
        foreach (var (regex, kind) in Patterns)
        {
            foreach (Match match in regex.Matches(text))
            {
                if (FromMatch(match, kind) is { } date && !found.Exists(f => match.Index < f.Index + f.Length && f.Index < match.Index + match.Length))
                {
                    found.Add((match.Index, match.Length, date));
                }
            }
        }

        found.Sort((a, b) => a.Index.CompareTo(b.Index));
        return found;
    }

    private static DateTimeOffset? ParseMarked(string? text, bool updated)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var previousEnd = 0;
        foreach (var (index, length, date) in FindAll(text))
        {
            // The words since the previous date, separator or line break (at most 60 characters) say what this one is.
            var start = Math.Max(previousEnd, Math.Max(0, index - 60));
            var separator = text.AsSpan(start, index - start).LastIndexOfAny("\n|;•·");
            var context = text.AsSpan(separator >= 0 ? start + separator + 1 : start, index - (separator >= 0 ? start + separator + 1 : start));
            previousEnd = index + length;
            if (UpdateMarker().IsMatch(context) == updated)
            {
                return date;
            }
        }

        return null;
    }

    private static readonly (Regex Regex, int Kind)[] Patterns =
    [
        (NumericDate(), 0),
        (DayMonthYear(), 1),
        (MonthDayYear(), 2),
        (YearMonthDay(), 3),
        (IsoInText(), 4),
        (YearMonthDayNumeric(), 4),
        (YearMonthDayCjk(), 4),
    ];

    private static DateTimeOffset? FromMatch(Match match, int kind)
    {
        int day, month, year;
        switch (kind)
        {
            case 0:
                day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
                year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
                break;
            case 1 or 2 or 3:
                if (!Months.TryGetValue(match.Groups["m"].Value.ToLowerInvariant().TrimEnd('.'), out month))
                {
                    return null;
                }

                day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
                break;
            default:
                year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
                month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
                day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                break;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || year is < 1990 or > 2100)
        {
            return null;
        }

        var hour = 0;
        var minute = 0;
        if (match.Groups["h"].Success && match.Groups["min"].Success)
        {
            hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
            minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
            if (hour < 12 && (match.Value.Contains("오후", StringComparison.Ordinal) || match.Value.Contains("PM", StringComparison.OrdinalIgnoreCase)))
            {
                hour += 12; // "오후 3:05", "3:05 PM"
            }

            if (hour > 23 || minute > 59)
            {
                hour = minute = 0;
            }
        }

        return new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero);
    }

    private static DateTimeOffset? Plausible(DateTimeOffset value) => value.Year is >= 1990 and <= 2100 ? value : null;

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        string[][] names =
        [
            ["january", "jan", "января", "январь", "янв", "қаңтар", "қаңтардағы", "қаңтарда"],
            ["february", "feb", "февраля", "февраль", "фев", "ақпан", "ақпандағы", "ақпанда"],
            ["march", "mar", "марта", "март", "мар", "наурыз", "наурыздағы", "наурызда"],
            ["april", "apr", "апреля", "апрель", "апр", "сәуір", "сәуірдегі", "сәуірде"],
            ["may", "мая", "май", "мамыр", "мамырдағы", "мамырда"],
            ["june", "jun", "июня", "июнь", "июн", "маусым", "маусымдағы", "маусымда"],
            ["july", "jul", "июля", "июль", "июл", "шілде", "шілдедегі", "шілдеде"],
            ["august", "aug", "августа", "август", "авг", "тамыз", "тамыздағы", "тамызда"],
            ["september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "қыркүйек", "қыркүйектегі", "қыркүйекте"],
            ["october", "oct", "октября", "октябрь", "окт", "қазан", "қазандағы", "қазанда"],
            ["november", "nov", "ноября", "ноябрь", "ноя", "нояб", "қараша", "қарашадағы", "қарашада"],
            ["december", "dec", "декабря", "декабрь", "дек", "желтоқсан", "желтоқсандағы", "желтоқсанда"],
        ];
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                months[name] = i + 1;
            }
        }

        return months;
    }

    private const string MonthWord = @"(?<m>[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{3,12}\.?)";
    private const string Time = @"(?:,?\s*(?:в\s+|at\s+|сағ\.?\s*)?(?<h>\d{1,2}):(?<min>\d{2}))?";

    [GeneratedRegex(@"(?<=:\d{2}(?:\.\d+)?)([+-])(\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetWithoutColon();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})[./](?<m>\d{1,2})[./](?<y>\d{4})(?!\d)" + Time, RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})\s+" + MonthWord + @",?\s+(?<y>\d{4})(?!\d)(?:\s*(?:г\.|года|жылы|ж\.))?" + Time, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(MonthWord + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})(?!\d)" + Time, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})\s*(?:ж\.|жылғы|жылы)?\s+(?<d>\d{1,2})\s+" + MonthWord + Time, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YearMonthDay();

    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?!\d)(?:[T ](?<h>\d{2}):(?<min>\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex IsoInText();

    // "2024.11.11", "2024. 11. 11.", "2024/11/11" (Korean, Chinese and Japanese sites write the year first).
    [GeneratedRegex(@"(?<![\d.])(?<y>(?:19|20)\d{2})\.\s?(?<m>\d{1,2})\.\s?(?<d>\d{1,2})(?![\d])\.?(?:\s*(?:\([^)]{1,3}\)\s*)?(?:오전|오후|AM|PM)?\s*(?<h>\d{1,2}):(?<min>\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex YearMonthDayNumeric();

    // "2024년 11월 11일", "2024年11月11日".
    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})\s*[년年]\s*(?<m>\d{1,2})\s*[월月]\s*(?<d>\d{1,2})\s*[일日](?:\s*(?:\([^)]{1,3}\)\s*)?(?:오전|오후)?\s*(?<h>\d{1,2})[:시]\s*(?<min>\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex YearMonthDayCjk();

    // Words that mark a revision date rather than the first publication, in the languages we publish and receive.
    [GeneratedRegex(@"updated|modified|revised|обновл|изменен|редакц|жаңарт|өзгерт|수정|업데이트|갱신|更新|aktualisiert|geändert|mis à jour|actualizado|aggiornato|zaktualizowano", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UpdateMarker();
}
