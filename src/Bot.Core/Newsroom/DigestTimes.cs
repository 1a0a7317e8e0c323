using System.Globalization;

namespace Bot.Core.Newsroom;

/// <summary>The times of day of digests, in the answering time zone.</summary>
public static class DigestTimes
{
    /// <summary>Reads "08:00" (or "8:00"); null when it is not a time of day.</summary>
    public static TimeOnly? Parse(string text) =>
        TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    /// <summary>The first moment after <paramref name="after"/> when it is <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Next(TimeOnly at, TimeZoneInfo zone, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        for (var day = DateOnly.FromDateTime(local.DateTime); ; day = day.AddDays(1))
        {
            var wall = day.ToDateTime(at);
            // A time skipped by a clock change is taken an hour later.
            if (zone.IsInvalidTime(wall))
                wall = wall.AddHours(1);
            var due = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
            if (due > after)
                return due.ToUniversalTime();
        }
    }
}
