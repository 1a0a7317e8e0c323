namespace Bot.Core.Time;

/// <summary>A time expression found in a question and the days it names.</summary>
/// <param name="Start">Where it starts in the question.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Range">The days it names, resolved against today.</param>
/// <param name="Relative">True when it is said from today ("昨天", "上周", "最近三天", "last week"); false for a calendar date or period.</param>
/// <param name="Unit">The size of what it names: a day, a week, a month, a quarter, a half, a year, or a span of days.</param>
public sealed record TimeExpression(int Start, int Length, DateRange Range, bool Relative, TimeUnit Unit);

/// <summary>The size of what a <see cref="TimeExpression"/> names.</summary>
public enum TimeUnit
{
    /// <summary>One day.</summary>
    Day,

    /// <summary>Days from one day to another ("1月3日至5日", "最近三天").</summary>
    Span,

    /// <summary>A week from Monday.</summary>
    Week,

    /// <summary>A calendar month.</summary>
    Month,

    /// <summary>A quarter.</summary>
    Quarter,

    /// <summary>A half year.</summary>
    Half,

    /// <summary>A year.</summary>
    Year,
}
