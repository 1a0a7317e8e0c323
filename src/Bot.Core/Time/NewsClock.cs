using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Core.Time;

/// <summary>Today in <c>Answering:TimeZone</c> by the injected <see cref="TimeProvider"/>: what "今天" and "last week" are said from.</summary>
public sealed class NewsClock(TimeProvider time, IOptions<AnsweringOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The time now in the time zone.</summary>
    public DateTimeOffset Now() => TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone);

    /// <summary>Today's date in the time zone.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(Now().DateTime);
}
