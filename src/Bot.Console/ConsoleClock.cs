using System.Diagnostics;
using System.Globalization;

namespace Bot.Console;

/// <summary>
/// The console's clock: the system's, or set to a moment (<c>--now</c>, an eval question's <c>"now"</c>) from which it runs
/// on, so that "昨天" and "last week" resolve the same on every run. Timers are the system's.
/// </summary>
internal sealed class ConsoleClock : TimeProvider
{
    private DateTimeOffset? _at;
    private long _setAt;

    /// <summary>Sets the clock to <paramref name="at"/>, or back to the system's time with null.</summary>
    public void Set(DateTimeOffset? at)
    {
        _setAt = Stopwatch.GetTimestamp();
        _at = at;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _at is { } at ? (at + Stopwatch.GetElapsedTime(_setAt)).ToUniversalTime() : System.GetUtcNow();

    /// <summary>
    /// Parses a moment as typed: "2024-01-11T09:00" (a time in <paramref name="zone"/>), "2024-01-11", or one with an offset.
    /// </summary>
    public static DateTimeOffset Parse(string text, string option, TimeZoneInfo zone)
    {
        var value = text.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > 10))
            return withOffset;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
        throw new ArgumentException($"{option} takes a date and time such as 2024-01-11T09:00, not '{text}'.");
    }
}
