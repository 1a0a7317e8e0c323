using System.ComponentModel.DataAnnotations;
using Bot.Core.Options;
using Bot.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Time;

public sealed class NewsClockTests
{
    [Fact]
    public void Today_IsTheDateInTheConfiguredZone()
    {
        // 17:00 UTC on the 10th is 01:00 on the 11th in Shanghai.
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 10, 17, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2024, 1, 11), new NewsClock(time, Microsoft.Extensions.Options.Options.Create(new AnsweringOptions())).Today());
        Assert.Equal(new DateOnly(2024, 1, 10), new NewsClock(time, Microsoft.Extensions.Options.Options.Create(new AnsweringOptions { TimeZone = "UTC" })).Today());
    }

    [Fact]
    public void Validate_WhenTheZoneIsUnknown_NamesTheKey()
    {
        var options = new AnsweringOptions { TimeZone = "Mars/Olympus" };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains("Answering:TimeZone", Assert.Single(results).ErrorMessage);
    }
}
