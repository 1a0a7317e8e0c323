using Bot.Core.Hosting;
using Bot.Core.Inbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Inbox;

public sealed class InboxFeedbackOptionsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddInbox(configuration).BuildServiceProvider();
    }

    [Theory]
    [InlineData(30)]
    [InlineData(5, "Feedback:CuratedDays", "5")]
    [InlineData(7, "Inbox:CuratedDays", "7")]
    [InlineData(5, "Feedback:CuratedDays", "5", "Inbox:CuratedDays", "7")]
    public void CuratedDays_IsFeedbacksName_AndTheOlderInboxNameIsReadWhenItIsUnset(int expected, params string[] settings)
    {
        using var services = Services([.. settings.Chunk(2).Select(p => (p[0], p[1]))]);

        Assert.Null(ConfigurationCheck.Validate(services));
        Assert.Equal(expected, services.GetRequiredService<IOptions<InboxOptions>>().Value.CuratedDays);
    }

    [Theory]
    [InlineData("Feedback:CuratedDays", "0", "Feedback:CuratedDays must be between 1 and 3650")]
    [InlineData("Feedback:CuratedDays", "many", "Feedback:CuratedDays must be a whole number")]
    [InlineData("Feedback:InboxTime", "25:00", "Feedback:InboxTime must be a time of day as HH:mm")]
    [InlineData("Feedback:InboxTime", "9am", "Feedback:InboxTime must be a time of day as HH:mm")]
    public void BadSetting_StopsTheStartWithOneLineNamingTheKey(string key, string value, string expected)
    {
        using var services = Services((key, value));

        var line = ConfigurationCheck.Validate(services);

        Assert.NotNull(line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("Inbox:CuratedDays", line);
        Assert.DoesNotContain('\n', line);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("09:30", "09:30")]
    public void InboxTime_IsReadAsATimeOfDay_AndEmptyMeansNone(string? value, string? expected)
    {
        var options = new InboxFeedbackOptions { InboxTime = value };

        Assert.Equal(expected, options.DailyAt?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }
}
