using System.Globalization;
using System.Text.RegularExpressions;

namespace Bot.Core.Knowledge;

/// <summary>Finds an article's date in its text ("2024年1月5日", "2024-01-05") or in a metadata value.</summary>
public static partial class DateExtractor
{
    // Dates further in are usually about events, not the article itself.
    private const int SearchLength = 400;

    /// <summary>The first full date in the opening of <paramref name="text"/>, or null.</summary>
    public static DateOnly? FromText(string text)
    {
        var head = text.Length > SearchLength ? text[..SearchLength] : text;
        foreach (Match m in DateRegex().Matches(head))
        {
            var g = m.Groups;
            var (y, mo, d) = g[1].Success
                ? (g[1].Value, g[2].Value, g[3].Value)
                : (g[4].Value, g[5].Value, g[6].Value);
            if (int.TryParse(y, out var year) && int.TryParse(mo, out var month) && int.TryParse(d, out var day) &&
                year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                return new DateOnly(year, month, day);
            }
        }
        return null;
    }

    /// <summary>A whole date in a file's name ("xinmin-2024-01-05-page.txt", "20240105.txt"), or null.</summary>
    public static DateOnly? FromFileName(string path)
    {
        var m = FileDateRegex().Match(Path.GetFileNameWithoutExtension(path));
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, out var y) && int.TryParse(m.Groups[2].ValueSpan, out var mo) && int.TryParse(m.Groups[3].ValueSpan, out var d)
            && y is >= 1900 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo)
            ? new DateOnly(y, mo, d)
            : null;
    }

    /// <summary>Parses a metadata date ("2024-01-05", "2024-01-05T08:00:00+08:00", "2024年1月5日").</summary>
    public static DateOnly? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dto))
            return DateOnly.FromDateTime(dto.DateTime);
        if (DateOnly.TryParse(value.Length > 10 ? value[..10] : value, CultureInfo.InvariantCulture, out var date))
            return date;
        return FromText(value);
    }

    [GeneratedRegex(@"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")]
    private static partial Regex FileDateRegex();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")]
    private static partial Regex DateRegex();
}
