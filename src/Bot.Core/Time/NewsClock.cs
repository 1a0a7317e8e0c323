using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Core.Time;

/// <summary>Today in <c>Answering:TimeZone</c> by the injected <see cref="TimeProvider"/>: what "今天" and "last week" are said from.</summary>
public sealed class NewsClock(TimeProvider time, IOptions<AnsweringOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The time now, or <paramref name="now"/> when a question carries its own clock (an evaluation's <c>"now"</c>).</summary>
    public DateTimeOffset Now(DateTimeOffset? now = null) => TimeZoneInfo.ConvertTime(now ?? time.GetUtcNow(), _zone);

    /// <summary>Today's date in the time zone.</summary>
    public DateOnly Today(DateTimeOffset? now = null) => DateOnly.FromDateTime(Now(now).DateTime);
}
