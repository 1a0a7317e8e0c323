using System.Globalization;

namespace Bot.Core.Time;

/// <summary>A span of whole days, both ends included.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day (not before <paramref name="From"/>).</param>
public sealed record DateRange(DateOnly From, DateOnly To)
{
    /// <summary>True when <paramref name="date"/> falls in the range.</summary>
    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>Days from <paramref name="date"/> to the nearest day of the range (0 inside it).</summary>
    public int DistanceTo(DateOnly date) =>
        date < From ? From.DayNumber - date.DayNumber : date > To ? date.DayNumber - To.DayNumber : 0;

    /// <summary>
    /// The range as a reader reads it in <paramref name="language"/>: "1月1日至7日", "Jan 1–7"; the year is named when it is not
    /// <paramref name="currentYear"/> or the range spans two years.
    /// </summary>
    public string Format(string language, int currentYear)
    {
        var withYear = From.Year != currentYear || To.Year != currentYear;
        return language == "zh" ? Chinese(withYear) : English(withYear);
    }

    /// <summary>The range as "2024-01-01..2024-01-07".</summary>
    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";

    private string Chinese(bool withYear)
    {
        var from = (withYear ? $"{From.Year}年" : "") + $"{From.Month}月{From.Day}日";
        if (From == To)
            return from;
        if (From.Year != To.Year)
            return $"{from}至{To.Year}年{To.Month}月{To.Day}日";
        return From.Month == To.Month ? $"{from}至{To.Day}日" : $"{from}至{To.Month}月{To.Day}日";
    }

    private string English(bool withYear)
    {
        var culture = CultureInfo.InvariantCulture;
        var year = withYear ? $", {To.Year}" : "";
        if (From == To)
            return From.ToString("MMM d", culture) + year;
        if (From.Year != To.Year)
            return $"{From.ToString("MMM d, yyyy", culture)} – {To.ToString("MMM d, yyyy", culture)}";
        return From.Month == To.Month
            ? $"{From.ToString("MMM d", culture)}–{To.Day}{year}"
            : $"{From.ToString("MMM d", culture)} – {To.ToString("MMM d", culture)}{year}";
    }
}
