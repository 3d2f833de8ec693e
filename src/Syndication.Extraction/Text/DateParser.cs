using System.Globalization;
using System.Text.RegularExpressions;

namespace Syndication.Extraction.Text;

/// <summary>Parses machine dates (ISO 8601 and friends) and dates written for readers in English, Russian and Kazakh.</summary>
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

    private static readonly (Regex Regex, int Kind)[] Patterns =
    [
        (NumericDate(), 0),
        (DayMonthYear(), 1),
        (MonthDayYear(), 2),
        (YearMonthDay(), 3),
        (IsoInText(), 4),
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
}
